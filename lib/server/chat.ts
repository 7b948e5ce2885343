import "server-only";
import type { ModelMessage } from "ai";
import type { ChatCompletionJson, PlainChatRequest, UiChatRequest } from "@/lib/contracts/chat";
import { generateModelText, streamModel } from "@/lib/server/ai/client";
import { chatInstructions } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import { modelSettings } from "@/lib/server/ai/settings";
import { streamingHeaders } from "@/lib/server/http";

interface Turn {
  role: "system" | "user" | "assistant";
  content: string;
}

function uiTurns(messages: UiChatRequest["messages"]): Turn[] {
  return messages
    .map((m) => ({
      role: m.role,
      content: m.parts
        .filter((p) => p.type === "text" && typeof p.text === "string")
        .map((p) => p.text)
        .join(""),
    }))
    .filter((t) => t.content.trim() !== "");
}

/** A leading system message joins the instructions; the model sees the rest as the conversation. */
function toPrompt(turns: Turn[], document: string | undefined) {
  const [first, ...rest] = turns;
  const system = first?.role === "system" ? first.content : undefined;
  const conversation = system === undefined ? turns : rest;
  const messages: ModelMessage[] = conversation.map((t) =>
    t.role === "assistant" ? { role: "assistant", content: t.content } : { role: "user", content: t.content },
  );
  return { instructions: chatInstructions({ document, system }), messages };
}

async function prepareChat(body: PlainChatRequest | UiChatRequest, turns: Turn[]) {
  const resolved = await resolveModel(body.model);
  const prompt = toPrompt(turns, body.document);
  const inputChars = prompt.instructions.length + turns.reduce((n, t) => n + t.content.length, 0);
  const settings = modelSettings(body, resolved.info, inputChars);
  return { resolved, settings, ...prompt };
}

function isUiRequest(body: PlainChatRequest | UiChatRequest): body is UiChatRequest {
  const first = body.messages[0];
  return first !== undefined && "parts" in first;
}

/** Streams a chat answer as the AI SDK UI message stream (SSE), for `useChat` and for developers. */
export async function streamChat(body: PlainChatRequest | UiChatRequest, signal: AbortSignal): Promise<Response> {
  const turns = isUiRequest(body) ? uiTurns(body.messages) : body.messages;
  const call = await prepareChat(body, turns);
  const { result, describeError } = await streamModel({ ...call, signal });
  const model = call.resolved.info.id;
  return result.toUIMessageStreamResponse({
    headers: streamingHeaders,
    onError: (error) => describeError(error).message,
    messageMetadata: ({ part }) => {
      if (part.type === "start") return { model };
      if (part.type === "finish") {
        return { model, finishReason: part.finishReason, usage: part.totalUsage };
      }
      return undefined;
    },
  });
}

const finishReasons: Record<string, string> = {
  "content-filter": "content_filter",
  "tool-calls": "tool_calls",
};

/** The `"stream": false` answer for developers. */
export async function completeChat(body: PlainChatRequest, signal: AbortSignal): Promise<ChatCompletionJson> {
  const call = await prepareChat(body, body.messages);
  const answer = await generateModelText({ ...call, signal });
  const { inputTokens, outputTokens } = answer.usage;
  return {
    id: answer.responseId ?? `chat-${crypto.randomUUID()}`,
    text: answer.text,
    model: call.resolved.info.id,
    finish_reason: finishReasons[answer.finishReason] ?? answer.finishReason,
    usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
  };
}
