import "server-only";
import type { EditRequest, EditResponse, StudioEditRequest } from "@/lib/contracts/edits";
import { editEvents, finishReason, usageJson } from "@/lib/delivery/formats";
import { diffHunks } from "@/lib/editor/text-hunks";
import { editPrompt } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import { checkDocumentId } from "@/lib/server/conversations";
import { generateAnswer, promptCall, streamAnswer, type PreparedCall, type ResponseMode } from "@/lib/server/delivery";
import type { Caller } from "@/lib/server/usage";

/** The model call of an edit: the instruction or action applied to the Markdown `text`. */
export async function prepareEditCall(caller: Caller, request: EditRequest | StudioEditRequest): Promise<PreparedCall> {
  if ("document_id" in request) await checkDocumentId(caller.user, request.document_id);
  const resolved = await resolveModel(request.model);
  return promptCall({ kind: "edit", caller, resolved, prompt: editPrompt(request), options: request });
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
