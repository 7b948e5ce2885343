import "server-only";
import { Output } from "ai";
import { outlineSchemaFor, type Outline, type OutlineRequest } from "@/lib/contracts/outline";
import { plainText } from "@/lib/delivery/formats";
import { outlinePrompt } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import type { StyleGuide, StyleGuideRef } from "@/lib/contracts/style-guide";
import { generateAnswer, promptCall, streamAnswer } from "@/lib/server/delivery";
import { resolveStyleGuide, type StyleGuideFallback } from "@/lib/server/style-guide";
import type { Caller } from "@/lib/server/usage";

type OutlineInput = OutlineRequest & { sections?: number; style_guide?: StyleGuideRef };

/**
 * The outline call for a request: its document id checked and its style guide resolved (the
 * studio's fall back to the account default) unless the caller has resolved it already (a draft
 * job, whose sections follow the same guide), the model resolved, a strict JSON schema for the answer.
 */
export async function outlineCall(caller: Caller, request: OutlineInput, guide: StyleGuideFallback | { resolved: StyleGuide | null }) {
  const styleGuide =
    typeof guide === "object" ? guide.resolved : await resolveStyleGuide({ user: caller.user, documentId: request.document_id, requested: request.style_guide, fallback: guide });
  const resolved = await resolveModel(request.model);
  // Structured output with a strict JSON schema: the provider constrains the answer to it.
  const output = Output.object({ schema: outlineSchemaFor(request.sections), name: "outline" });
  return promptCall({ kind: "outline", caller, resolved, prompt: outlinePrompt(request), styleGuide, options: request, output });
}

/** Streams the outline's JSON text as it grows, for `useObject` on the client. */
export async function streamOutline(caller: Caller, request: OutlineRequest, signal: AbortSignal): Promise<Response> {
  return streamAnswer(await outlineCall(caller, request, "default"), plainText, { signal });
}

/** The complete outline, checked against its schema, with its id, the model that wrote it and the tokens it took. */
export async function outlineAnswer(caller: Caller, request: OutlineInput, signal: AbortSignal, fallback: StyleGuideFallback) {
  const prepared = await outlineCall(caller, request, fallback);
  const answer = await generateAnswer(prepared, signal);
  return { id: prepared.id, outline: answer.output as Outline, model: answer.model.id, usage: answer.usage };
}

export async function generateOutline(caller: Caller, request: OutlineRequest, signal: AbortSignal): Promise<Outline> {
  return (await outlineAnswer(caller, request, signal, "default")).outline;
}
