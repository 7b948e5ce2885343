import "server-only";
import { Output } from "ai";
import { outlineSchema, type Outline, type OutlineRequest } from "@/lib/contracts/outline";
import { generateModelText, streamModel, type ModelCallInput } from "@/lib/server/ai/client";
import { outlinePrompt } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import { modelSettings } from "@/lib/server/ai/settings";
import { checkDocumentId } from "@/lib/server/conversations";
import { plainTextFormat, streamResponse } from "@/lib/server/streaming/response";
import { plainSink } from "@/lib/server/streaming/sink";
import { callContext, recordCall, type Caller } from "@/lib/server/usage";

type OutlineInput = OutlineRequest & { sections?: number };

async function outlineCall(caller: Caller, request: OutlineInput): Promise<Omit<ModelCallInput, "signal">> {
  await checkDocumentId(caller.user, request.document_id);
  const resolved = await resolveModel(request.model);
  const { instructions, prompt } = outlinePrompt(request);
  return {
    resolved,
    instructions,
    messages: [{ role: "user", content: prompt }],
    settings: modelSettings(request, resolved.info, instructions.length + prompt.length),
    // Structured output with a strict JSON schema: the provider constrains the answer to it.
    output: Output.object({ schema: outlineSchema, name: "outline" }),
    context: callContext(caller),
    onSettled: (outcome) => recordCall(caller, outcome),
  };
}

/** Streams the outline's JSON text as it grows, for `useObject` on the client. */
export async function streamOutline(caller: Caller, request: OutlineRequest, signal: AbortSignal): Promise<Response> {
  const call = await outlineCall(caller, request);
  const sink = plainSink(signal);
  const stream = await streamModel({ ...call, signal: sink.signal });
  return streamResponse(stream, plainTextFormat, sink);
}

/** The complete outline, checked against its schema, with the model that wrote it and the tokens it took. */
export async function outlineAnswer(caller: Caller, request: OutlineInput, signal: AbortSignal) {
  const answer = await generateModelText({ ...(await outlineCall(caller, request)), signal });
  return { outline: answer.output as Outline, model: answer.model.id, usage: answer.usage };
}

export async function generateOutline(caller: Caller, request: OutlineRequest, signal: AbortSignal): Promise<Outline> {
  return (await outlineAnswer(caller, request, signal)).outline;
}
