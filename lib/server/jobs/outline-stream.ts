import "server-only";
import { outlineSchemaFor, type Outline, type OutlineRequest } from "@/lib/contracts/outline";
import { AppError } from "@/lib/errors";
import { streamModel } from "@/lib/server/ai/client";
import { outlineCall } from "@/lib/server/outline";
import type { StyleGuide } from "@/lib/contracts/style-guide";
import type { Caller } from "@/lib/server/usage";

/** About how many characters of JSON an outline section takes: enough to move progress evenly. */
const charsPerSection = 160;

/**
 * A job's outline, streamed rather than awaited whole, so the job can show progress from the
 * first token: `onProgress` gets the share of the outline written so far (estimated from its
 * length, below 1 until the outline is complete). Checked against its schema at the end. It
 * follows `styleGuide`, the one the job resolved for its sections too.
 */
export async function streamedOutline(
  caller: Caller,
  request: OutlineRequest & { sections?: number },
  styleGuide: StyleGuide | null,
  signal: AbortSignal,
  onProgress: (share: number) => void,
): Promise<{ outline: Outline; model: string; usage: { inputTokens: number; outputTokens: number } }> {
  const prepared = await outlineCall(caller, request, { resolved: styleGuide });
  const stream = await streamModel({ ...prepared.input, signal, onSettled: prepared.onSettled });
  const expected = charsPerSection * (request.sections ?? 5);
  let text = "";
  let usage = { inputTokens: 0, outputTokens: 0 };
  for (let part = await stream.next(); part; part = await stream.next()) {
    if (part.type === "error") throw stream.describeError(part.error);
    if (part.type === "text-delta") {
      text += part.delta;
      onProgress(Math.min(0.95, Math.max(0.02, text.length / expected)));
    } else if (part.type === "finish") {
      usage = { inputTokens: part.usage.inputTokens.total ?? 0, outputTokens: part.usage.outputTokens.total ?? 0 };
    }
  }
  const parsed = outlineSchemaFor(request.sections).safeParse(parseJson(text));
  if (!parsed.success) throw new AppError("upstream_error", "The model's answer did not match the expected format. Please try again.");
  return { outline: parsed.data, model: stream.model.id, usage };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
