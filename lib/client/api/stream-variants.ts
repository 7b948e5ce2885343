import type { StudioVariantEvent } from "@/lib/contracts/variants";
import { interruptedError, networkError, readApiError, type ApiError } from "./error";

/**
 * The studio's variant stream (`/api/edits` with `n`, `models` or `temperatures`): JSON lines, each a
 * `start` (the variants and their settings), a `delta` or `done` of one variant, an `error` of one
 * variant, then `end` (docs/api.md).
 */

/** What the stream's lines say, but its last (`end`). */
export type VariantEvent = Exclude<StudioVariantEvent, { type: "end" }>;

export interface VariantStreamResult {
  outcome: "done" | "stopped" | "error";
  /** The whole request failed (before any variant began, or the stream broke off). */
  error?: ApiError;
}

/** One parsed line, or undefined for a line that isn't a variant event (`end`, or one from a newer server). */
export function parseVariantLine(line: string): VariantEvent | "end" | undefined {
  if (!line.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== "object") return undefined;
  const event = value as Record<string, unknown>;
  if (event.type === "end") return "end";
  if (event.type === "start" && Array.isArray(event.variants)) return event as unknown as VariantEvent;
  if (typeof event.variant !== "number") return undefined;
  if (event.type === "delta" && typeof event.text === "string") return event as unknown as VariantEvent;
  if (event.type === "done") return event as unknown as VariantEvent;
  if (event.type === "error") return { type: "error", variant: event.variant, code: String(event.code ?? "model_error"), message: String(event.message ?? "This variant failed.") };
  return undefined;
}

/** POSTs JSON and hands each variant event to `onEvent` as it arrives; only `end` counts as complete. */
export async function streamVariants(
  url: string,
  body: unknown,
  { signal, onEvent }: { signal: AbortSignal; onEvent: (event: VariantEvent) => void },
): Promise<VariantStreamResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/x-ndjson" },
      body: JSON.stringify(body),
      signal,
    });
  } catch {
    return signal.aborted ? { outcome: "stopped" } : { outcome: "error", error: networkError };
  }
  if (!response.ok) return { outcome: "error", error: await readApiError(response) };
  if (!response.body) return { outcome: "error", error: interruptedError };

  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  let ended = false;
  const take = (final: boolean) => {
    const lines = buffered.split("\n");
    buffered = final ? "" : lines.pop()!;
    for (const line of lines) {
      const event = parseVariantLine(line);
      if (event === "end") ended = true;
      else if (event) onEvent(event);
    }
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      take(false);
    }
    buffered += decoder.decode();
    take(true);
    return ended ? { outcome: "done" } : { outcome: "error", error: interruptedError };
  } catch {
    return signal.aborted ? { outcome: "stopped" } : { outcome: "error", error: interruptedError };
  }
}
