import "server-only";
import { AppError } from "@/lib/errors";
import type { ModelInfo } from "@/lib/ai/models";
import { stopSequences, type GenerationOptions } from "@/lib/contracts/generation";
import type { ModelSettings } from "./client";

/** Rough but conservative: English prose averages about four characters a token. */
function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** Turns request options into model settings, checking them against the model's limits. */
export function modelSettings(options: GenerationOptions, info: ModelInfo, inputChars: number): ModelSettings {
  if (options.max_tokens !== undefined && options.max_tokens > info.maxOutputTokens) {
    throw new AppError(
      "invalid_request",
      `max_tokens must be at most ${info.maxOutputTokens} for the model "${info.id}".`,
      { param: "max_tokens" },
    );
  }
  const needed = estimateTokens(inputChars) + (options.max_tokens ?? 0);
  if (needed > info.contextWindow) {
    throw new AppError(
      "context_length_exceeded",
      `The input (about ${needed} tokens with max_tokens) exceeds the ${info.contextWindow}-token context window of "${info.id}". Shorten the input or the conversation.`,
      { param: "messages" },
    );
  }
  return {
    temperature: options.temperature,
    seed: options.seed,
    maxOutputTokens: options.max_tokens,
    stopSequences: stopSequences(options.stop),
  };
}
