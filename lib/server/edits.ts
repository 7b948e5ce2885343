import "server-only";
import type { EditRequest, EditResponse, StudioEditRequest } from "@/lib/contracts/edits";
import { editEvents, finishReason, usageJson } from "@/lib/delivery/formats";
import { diffHunks } from "@/lib/editor/text-hunks";
import { editPrompt } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import { generateAnswer, promptCall, streamAnswer, type PreparedCall, type ResponseMode } from "@/lib/server/delivery";
import { resolveStyleGuide } from "@/lib/server/style-guide";
import type { Caller } from "@/lib/server/usage";

/**
 * The model call of an edit: the instruction or action applied to the Markdown `text`, by the
 * style guide asked for, else the document's, else `fallback` (the studio's account default).
 */
export async function prepareEditCall(caller: Caller, request: EditRequest | StudioEditRequest, fallback: "default" | "none"): Promise<PreparedCall> {
  const requested = "style_guide" in request ? request.style_guide : undefined;
  const styleGuide = await resolveStyleGuide({ user: caller.user, documentId: request.document_id, requested, fallback });
  const resolved = await resolveModel(request.model);
  return promptCall({ kind: "edit", caller, resolved, prompt: editPrompt(request), styleGuide, options: request });
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
