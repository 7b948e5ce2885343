import "server-only";
import type { WriteRequest } from "@/lib/contracts/write";
import { streamModel } from "@/lib/server/ai/client";
import { writePrompt } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import { modelSettings } from "@/lib/server/ai/settings";
import { textStreamResponse } from "@/lib/server/text-stream";
import { checkDocumentId } from "@/lib/server/conversations";
import { recordCall, type Caller } from "@/lib/server/usage";

/** Streams the result of a writing action as plain text. */
export async function streamWriting(caller: Caller, request: WriteRequest, signal: AbortSignal): Promise<Response> {
  await checkDocumentId(caller.user, request.document_id);
  const resolved = await resolveModel(request.model);
  const { instructions, prompt } = writePrompt(request);
  const settings = modelSettings(request, resolved.info, instructions.length + prompt.length);
  const { result, describeError } = await streamModel({
    resolved,
    instructions,
    messages: [{ role: "user", content: prompt }],
    settings,
    signal,
    onSettled: (outcome) => recordCall(caller, resolved.info.id, outcome),
  });
  return textStreamResponse(result.stream, describeError, { "X-Draftwise-Model": resolved.info.id });
}
