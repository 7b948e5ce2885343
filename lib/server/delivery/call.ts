import "server-only";
import type { ModelMessage, Output } from "ai";
import type { GenerationOptions } from "@/lib/contracts/generation";
import type { StyleGuide } from "@/lib/contracts/style-guide";
import type { CallOutcome, ModelCallInput } from "@/lib/server/ai/client";
import { withStyleGuide } from "@/lib/server/ai/prompts";
import type { ResolvedModel } from "@/lib/server/ai/providers";
import { modelSettings } from "@/lib/server/ai/settings";
import { callContext, recordCall, type Caller } from "@/lib/server/usage";

/** A model call with everything decided but how its answer is delivered. */
export interface PreparedCall {
  /** The answer's id (the stored message's id when the exchange is stored). */
  id: string;
  /** The requested model; the answer names the one that answered (a fallback may). */
  model: string;
  input: Omit<ModelCallInput, "signal" | "onSettled">;
  onSettled: (outcome: CallOutcome) => void | Promise<void>;
}

const messageChars = (messages: ModelMessage[]) => messages.reduce((n, m) => n + String(m.content).length, 0);

/**
 * Every route's model call is set up here: the request's options checked against the model
 * (max_tokens, the context window, by the input's length) and the call recorded as the caller's
 * unless `onSettled` says otherwise (stored chat answers record more). The writer's style guide,
 * when the call has one, joins the system instructions here and nowhere else.
 */
export function prepareCall({
  id,
  caller,
  resolved,
  instructions,
  styleGuide,
  messages,
  options,
  inputChars = (instructions?.length ?? 0) + messageChars(messages),
  output,
  onSettled = (outcome) => recordCall(caller, outcome),
}: {
  id: string;
  caller: Caller;
  resolved: ResolvedModel;
  instructions?: string;
  /** The style guide the call follows (resolveStyleGuide), appended to the instructions. */
  styleGuide?: StyleGuide | null;
  messages: ModelMessage[];
  options: GenerationOptions;
  /** What the context-window check counts, when it is not the instructions and messages as sent. */
  inputChars?: number;
  /** Structured output: the provider constrains the answer to its JSON schema. */
  output?: Output.Output;
  onSettled?: PreparedCall["onSettled"];
}): PreparedCall {
  const guided = withStyleGuide(instructions, styleGuide);
  // The context-window check counts the guide too: it is sent with every call.
  const guideChars = (guided?.length ?? 0) - (instructions?.length ?? 0);
  return {
    id,
    model: resolved.info.id,
    input: {
      resolved,
      instructions: guided,
      messages,
      settings: modelSettings(options, resolved.info, inputChars + guideChars),
      ...(output ? { output } : {}),
      context: callContext(caller),
    },
    onSettled,
  };
}

/** A call of one user prompt under instructions (write, outline, templates, draft sections), its id `<kind>-<uuid>`. */
export function promptCall({
  kind,
  caller,
  resolved,
  prompt: { instructions, prompt },
  styleGuide,
  options,
  output,
}: {
  kind: string;
  caller: Caller;
  resolved: ResolvedModel;
  prompt: { instructions: string; prompt: string };
  styleGuide?: StyleGuide | null;
  options: GenerationOptions;
  output?: Output.Output;
}): PreparedCall {
  const messages: ModelMessage[] = [{ role: "user", content: prompt }];
  return prepareCall({ id: `${kind}-${crypto.randomUUID()}`, caller, resolved, instructions, styleGuide, messages, options, output });
}
