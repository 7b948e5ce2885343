import "server-only";
import type { V1WriteRequest } from "@/lib/contracts/v1";
import type { WriteRequest } from "@/lib/contracts/write";
import { plainText } from "@/lib/delivery/formats";
import { composePrompt, writePrompt } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import { promptCall, streamAnswer, type PreparedCall } from "@/lib/server/delivery";
import { resolveStyleGuide } from "@/lib/server/style-guide";
import type { Caller } from "@/lib/server/usage";

/** Streams the result of a writing action as plain text. */
export async function streamWriting(caller: Caller, request: WriteRequest, signal: AbortSignal): Promise<Response> {
  const styleGuide = await resolveStyleGuide({ user: caller.user, documentId: request.document_id, fallback: "default" });
  const resolved = await resolveModel(request.model);
  const prepared = promptCall({ kind: "write", caller, resolved, prompt: writePrompt(request), styleGuide, options: request });
  return streamAnswer(prepared, plainText, { signal });
}

/** POST /api/v1/write: compose from an instruction ("write") or apply an action to `prompt`. */
export async function prepareWriteCall(caller: Caller, request: V1WriteRequest): Promise<PreparedCall> {
  const styleGuide = await resolveStyleGuide({ user: caller.user, documentId: request.document_id, requested: request.style_guide, fallback: "none" });
  const resolved = await resolveModel(request.model);
  const action = request.action ?? "write";
  const prompt =
    action === "write"
      ? composePrompt(request.prompt)
      : writePrompt({ action, text: request.prompt, tone: request.tone, instruction: request.instruction });
  return promptCall({ kind: "write", caller, resolved, prompt, styleGuide, options: request });
}
