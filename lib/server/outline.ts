import "server-only";
import { Output } from "ai";
import { outlineSchema, type Outline, type OutlineRequest } from "@/lib/contracts/outline";
import { streamModel } from "@/lib/server/ai/client";
import { outlinePrompt } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import { modelSettings } from "@/lib/server/ai/settings";
import { textStreamResponse } from "@/lib/server/text-stream";

async function startOutline(request: OutlineRequest, signal: AbortSignal) {
  const resolved = await resolveModel(request.model);
  const { instructions, prompt } = outlinePrompt(request);
  const settings = modelSettings(request, resolved.info, instructions.length + prompt.length);
  const call = await streamModel({
    resolved,
    instructions,
    messages: [{ role: "user", content: prompt }],
    settings,
    // Structured output with a strict JSON schema: the provider constrains the answer to it.
    output: Output.object({ schema: outlineSchema, name: "outline" }),
    signal,
  });
  return { ...call, model: resolved.info.id };
}

/** Streams the outline's JSON text as it grows, for `useObject` on the client. */
export async function streamOutline(request: OutlineRequest, signal: AbortSignal): Promise<Response> {
  const { result, describeError, model } = await startOutline(request, signal);
  return textStreamResponse(result.stream, describeError, { "X-Draftwise-Model": model });
}

/** The complete, validated outline. */
export async function generateOutline(request: OutlineRequest, signal: AbortSignal): Promise<Outline> {
  const { result, describeError } = await startOutline(request, signal);
  try {
    return await result.output;
  } catch (error) {
    throw describeError(error);
  }
}
