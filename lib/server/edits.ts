import "server-only";
import type { EditRequest, EditResponse, EditVariantsResponse, StudioEditRequest } from "@/lib/contracts/edits";
import { editEvents, editVariantEvents, finishReason, usageJson } from "@/lib/delivery/formats";
import { diffHunks } from "@/lib/editor/text-hunks";
import { editPrompt } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import {
  generateAnswer,
  completeVariants,
  promptCall,
  streamAnswer,
  streamVariants,
  type PreparedCall,
  type ResponseMode,
  type VariantCall,
} from "@/lib/server/delivery";
import { resolveStyleGuide } from "@/lib/server/style-guide";
import type { Caller } from "@/lib/server/usage";
import { prepareVariants } from "@/lib/server/variants";

/**
 * The model call of an edit: the instruction or action applied to the Markdown `text`, by the
 * style guide asked for, else the document's, else `fallback` (the studio's account default).
 */
export async function prepareEditCall(caller: Caller, request: EditRequest | StudioEditRequest, fallback: "default" | "none"): Promise<PreparedCall> {
  const styleGuide = await editStyleGuide(caller, request, fallback);
  const resolved = await resolveModel(request.model);
  return promptCall({ kind: "edit", caller, resolved, prompt: editPrompt(request), styleGuide, options: request });
}

function editStyleGuide(caller: Caller, request: EditRequest | StudioEditRequest, fallback: "default" | "none") {
  const requested = "style_guide" in request ? request.style_guide : undefined;
  return resolveStyleGuide({ user: caller.user, documentId: request.document_id, requested, fallback });
}

/** The variants of an edit, each its own call of the same prompt (by its model, temperature and seed). */
export async function prepareEditVariants(caller: Caller, request: EditRequest | StudioEditRequest, fallback: "default" | "none"): Promise<VariantCall[]> {
  const styleGuide = await editStyleGuide(caller, request, fallback);
  const prompt = editPrompt(request);
  return prepareVariants(request, (resolved, options) => promptCall({ kind: "edit", caller, resolved, prompt, styleGuide, options }));
}

/** The variants' texts and hunks as one JSON answer, or their events streamed with `variant`. */
export async function respondEditVariants(calls: VariantCall[], original: string, mode: ResponseMode, signal: AbortSignal): Promise<Response> {
  const id = `edit-${crypto.randomUUID()}`;
  if (mode !== "json") return streamVariants(id, calls, editVariantEvents(original, mode), { signal });
  const body: EditVariantsResponse = await completeVariants(id, calls, signal, (answer) => ({ hunks: diffHunks(original, answer.text) }));
  return Response.json(body);
}

/** The edited text and its hunks as one JSON answer, or streamed as `hunk` events then `done`. */
export async function respondEdits(prepared: PreparedCall, original: string, mode: ResponseMode, signal: AbortSignal): Promise<Response> {
  if (mode !== "json") return streamAnswer(prepared, editEvents(original, mode), { signal });
  const answer = await generateAnswer(prepared, signal);
  const body: EditResponse = {
    id: prepared.id,
    model: answer.model.id,
    text: answer.text,
    hunks: diffHunks(original, answer.text),
    finish_reason: finishReason(answer.finishReason),
    usage: usageJson(answer.usage),
  };
  return Response.json(body, { headers: { "X-Draftwise-Model": body.model } });
}
