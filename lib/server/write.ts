import "server-only";
import type { V1WriteRequest } from "@/lib/contracts/v1";
import type { WriteRequest } from "@/lib/contracts/write";
import { plainText } from "@/lib/delivery/formats";
import { composePrompt, writePrompt } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import { promptCall, streamAnswer, type PreparedCall } from "@/lib/server/delivery";
import { draftingContext } from "@/lib/server/drafting-context";
import { resolveStyleGuide } from "@/lib/server/style-guide";
import type { Caller } from "@/lib/server/usage";

/** Streams the result of a writing action as plain text. */
export async function streamWriting(caller: Caller, request: WriteRequest, signal: AbortSignal): Promise<Response> {
  const styleGuide = await resolveStyleGuide({ user: caller.user, documentId: request.document_id, fallback: "default" });
  const resolved = await resolveModel(request.model);
  if (request.action === "draft-section" && request.document) {
    // A long article so far goes to the model with its earlier sections summarized.
    const context = await draftingContext({ caller, resolved, article: request.document, brief: request.text, signal });
    request = { ...request, document: context.article };
  }
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
