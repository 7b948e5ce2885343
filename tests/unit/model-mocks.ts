/**
 * What the chat, write and outline unit tests share: the model `resolveModel` hands out (set per
 * test; the tests mock lib/server/ai/providers with it), a caller, and a model stream's parts.
 */
import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import type { ResolvedModel } from "@/lib/server/ai/providers";
import type { Caller } from "@/lib/server/usage";
import type { Part, Scripted } from "./resilience-fixtures";

export const caller = { user: { id: "user-1" }, route: "/t/unit" } as unknown as Caller;

export const tokens = (input: number, output: number) => ({
  inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

/** A model's stream parts: the deltas, then a finish with its reason and usage. */
export function parts(deltas: string[], reason = "stop", usage = tokens(14, 3)): Part[] {
  return [
    { type: "stream-start", warnings: [] } as Part,
    { type: "text-start", id: "t" },
    ...deltas.map((delta): Part => ({ type: "text-delta", id: "t", delta })),
    { type: "text-end", id: "t" },
    { type: "finish", finishReason: { unified: reason, raw: reason }, usage } as Part,
  ];
}

/** The model the mocked `resolveModel` returns; the model id it was asked for is kept. */
export const models = { current: undefined as Scripted | undefined, requested: [] as Array<string | undefined> };

export async function resolveMock(requested: string | undefined): Promise<ResolvedModel> {
  models.requested.push(requested);
  if (!models.current) throw new Error("no model scripted for this test");
  return models.current.resolved;
}

/** The provider-level prompt of the model's first streamed (or generated) call. */
export function promptOf(model: Scripted, kind: "stream" | "generate" = "stream"): LanguageModelV4CallOptions["prompt"] {
  const calls = kind === "stream" ? model.mock.doStreamCalls : model.mock.doGenerateCalls;
  return (calls[0] as LanguageModelV4CallOptions).prompt;
}

/** A prompt's messages as `role: text` lines, to compare prompts at a glance. */
export function transcript(prompt: LanguageModelV4CallOptions["prompt"]): string[] {
  return prompt.map((m) =>
    typeof m.content === "string" ? `${m.role}: ${m.content}` : `${m.role}: ${m.content.map((p) => ("text" in p ? p.text : "")).join("")}`,
  );
}
