import "server-only";
import type { V1VariantsCompletion, V1WriteRequest } from "@/lib/contracts/v1";
import { variantSpecs } from "@/lib/contracts/variants";
import type { WriteRequest } from "@/lib/contracts/write";
import { draftwiseVariantEvents, plainText, studioVariantLines } from "@/lib/delivery/formats";
import { composePrompt, writePrompt } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import { completeVariants, promptCall, streamAnswer, streamVariants, type PreparedCall, type ResponseMode } from "@/lib/server/delivery";
import { draftingContext } from "@/lib/server/drafting-context";
import { resolveStyleGuide } from "@/lib/server/style-guide";
import type { Caller } from "@/lib/server/usage";
import { prepareVariants, variantOptions } from "@/lib/server/variants";

/**
 * Streams the result of a writing action as plain text, or with more than one variant the
 * studio's JSON lines of them (each variant its own call of the same prompt).
 */
export async function streamWriting(caller: Caller, request: WriteRequest, signal: AbortSignal): Promise<Response> {
  const styleGuide = await resolveStyleGuide({ user: caller.user, documentId: request.document_id, fallback: "default" });
  const specs = variantSpecs(request);
  const resolved = await resolveModel(specs[0]!.model);
  if (request.action === "draft-section" && request.document) {
    // A long article so far goes to the model with its earlier sections summarized.
    const context = await draftingContext({ caller, resolved, article: request.document, brief: request.text, signal });
    request = { ...request, document: context.article };
  }
  const prompt = writePrompt(request);
  if (specs.length > 1) {
    const calls = await prepareVariants(request, (model, options) => promptCall({ kind: "write", caller, resolved: model, prompt, styleGuide, options }));
    return streamVariants(`write-${crypto.randomUUID()}`, calls, studioVariantLines, { signal });
  }
  const prepared = promptCall({ kind: "write", caller, resolved, prompt, styleGuide, options: variantOptions(request, specs[0]!) });
  return streamAnswer(prepared, plainText, { signal });
}

function v1WritePrompt(request: V1WriteRequest) {
  const action = request.action ?? "write";
  return action === "write"
    ? composePrompt(request.prompt)
    : writePrompt({ action, text: request.prompt, tone: request.tone, instruction: request.instruction });
}

const v1StyleGuide = (caller: Caller, request: V1WriteRequest) =>
  resolveStyleGuide({ user: caller.user, documentId: request.document_id, requested: request.style_guide, fallback: "none" });

/** POST /api/v1/write: compose from an instruction ("write") or apply an action to `prompt`. */
export async function prepareWriteCall(caller: Caller, request: V1WriteRequest): Promise<PreparedCall> {
  const styleGuide = await v1StyleGuide(caller, request);
  const resolved = await resolveModel(request.model);
  return promptCall({ kind: "write", caller, resolved, prompt: v1WritePrompt(request), styleGuide, options: request });
}

/** POST /api/v1/write with variants: each variant's text as JSON, or their events streamed with `variant`. */
export async function respondWriteVariants(caller: Caller, request: V1WriteRequest, mode: ResponseMode, signal: AbortSignal): Promise<Response> {
  const styleGuide = await v1StyleGuide(caller, request);
  const prompt = v1WritePrompt(request);
  const calls = await prepareVariants(request, (resolved, options) => promptCall({ kind: "write", caller, resolved, prompt, styleGuide, options }));
  const id = `write-${crypto.randomUUID()}`;
  if (mode !== "json") return streamVariants(id, calls, draftwiseVariantEvents(mode), { signal });
  const body: V1VariantsCompletion = await completeVariants(id, calls, signal, () => ({}));
  return Response.json(body);
}
