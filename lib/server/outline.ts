import "server-only";
import { Output } from "ai";
import { outlineSchema, type Outline, type OutlineRequest } from "@/lib/contracts/outline";
import { streamModel } from "@/lib/server/ai/client";
import { outlinePrompt } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import { modelSettings } from "@/lib/server/ai/settings";
import { textStreamResponse } from "@/lib/server/text-stream";
import { checkDocumentId } from "@/lib/server/conversations";
import { recordCall, type Caller } from "@/lib/server/usage";

type OutlineInput = OutlineRequest & { sections?: number };

async function startOutline(caller: Caller, request: OutlineInput, signal: AbortSignal) {
  await checkDocumentId(caller.user, request.document_id);
  const resolved = await resolveModel(request.model);
  const { instructions, prompt } = outlinePrompt(request);
  const settings = modelSettings(request, resolved.info, instructions.length + prompt.length);
  const call = await streamModel({
    resolved,
    instructions,
    messages: [{ role: "user", content: prompt }],
    settings,
    // Structured output with a strict JSON schema: the provider constrains the answer to it.
    output: Output.object({ schema: outlineSchema, name: "outline" }),
    signal,
    onSettled: (outcome) => recordCall(caller, resolved.info.id, outcome),
  });
  return { ...call, model: resolved.info.id };
}

/** Streams the outline's JSON text as it grows, for `useObject` on the client. */
export async function streamOutline(caller: Caller, request: OutlineRequest, signal: AbortSignal): Promise<Response> {
  const { result, describeError, model } = await startOutline(caller, request, signal);
  return textStreamResponse(result.stream, describeError, { "X-Draftwise-Model": model });
}

/** The complete, validated outline, with the model that wrote it and the tokens it took. */
export async function outlineAnswer(caller: Caller, request: OutlineInput, signal: AbortSignal) {
  const { result, describeError, model } = await startOutline(caller, request, signal);
  // The whole answer is awaited here, so the stream must be read for usage to settle.
  try {
    const outline = await result.output;
    return { outline, model, usage: await result.totalUsage };
  } catch (error) {
    throw describeError(error);
  }
}

export async function generateOutline(caller: Caller, request: OutlineRequest, signal: AbortSignal): Promise<Outline> {
  return (await outlineAnswer(caller, request, signal)).outline;
}
