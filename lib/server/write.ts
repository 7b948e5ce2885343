import "server-only";
import type { V1WriteRequest } from "@/lib/contracts/v1";
import type { WriteRequest } from "@/lib/contracts/write";
import { streamModel } from "@/lib/server/ai/client";
import { composePrompt, writePrompt } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import { modelSettings } from "@/lib/server/ai/settings";
import { plainTextFormat, streamResponse } from "@/lib/server/streaming/response";
import { plainSink } from "@/lib/server/streaming/sink";
import { checkDocumentId } from "@/lib/server/conversations";
import { callContext, recordCall, type Caller } from "@/lib/server/usage";
import { promptCall, type PreparedCall } from "@/lib/server/v1/generation";

/** Streams the result of a writing action as plain text. */
export async function streamWriting(caller: Caller, request: WriteRequest, signal: AbortSignal): Promise<Response> {
  await checkDocumentId(caller.user, request.document_id);
  const resolved = await resolveModel(request.model);
  const { instructions, prompt } = writePrompt(request);
  const settings = modelSettings(request, resolved.info, instructions.length + prompt.length);
  const sink = plainSink(signal);
  const stream = await streamModel({
    resolved,
    instructions,
    messages: [{ role: "user", content: prompt }],
    settings,
    context: callContext(caller),
    signal: sink.signal,
    onSettled: (outcome) => recordCall(caller, outcome),
  });
  return streamResponse(stream, plainTextFormat, sink);
}

/** POST /api/v1/write: compose from an instruction ("write") or apply an action to `prompt`. */
export async function prepareWriteCall(caller: Caller, request: V1WriteRequest): Promise<PreparedCall> {
  const resolved = await resolveModel(request.model);
  const action = request.action ?? "write";
  const { instructions, prompt } =
    action === "write"
      ? composePrompt(request.prompt)
      : writePrompt({ action, text: request.prompt, tone: request.tone, instruction: request.instruction });
  return promptCall({ kind: "write", caller, resolved, prompt: { instructions, prompt }, options: request });}
