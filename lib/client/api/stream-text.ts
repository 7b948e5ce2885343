import { interruptedError, networkError, readApiError, type ApiError } from "./error";

type StreamOutcome = "done" | "stopped" | "error";

export interface StreamResult {
  /** Everything received, also when stopped or interrupted. */
  text: string;
  outcome: StreamOutcome;
  error?: ApiError;
}

interface StreamOptions {
  signal: AbortSignal;
  onChunk?: (chunk: string, text: string) => void;
}

/**
 * POSTs JSON and reads a `text/plain` answer as it streams. Only a clean end of the body
 * counts as a complete answer: the server errors the body when the model fails mid-way.
 */
export async function streamText(url: string, body: unknown, { signal, onChunk }: StreamOptions): Promise<StreamResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal,
    });
  } catch {
    return signal.aborted ? { text: "", outcome: "stopped" } : { text: "", outcome: "error", error: networkError };
  }
  if (!response.ok) return { text: "", outcome: "error", error: await readApiError(response) };
  if (!response.body) return { text: "", outcome: "error", error: interruptedError };

  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const push = (chunk: string) => {
    if (!chunk) return;
    text += chunk;
    onChunk?.(chunk, text);
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      push(decoder.decode(value, { stream: true }));
    }
    push(decoder.decode());
    return { text, outcome: "done" };
  } catch {
    return signal.aborted ? { text, outcome: "stopped" } : { text, outcome: "error", error: interruptedError };
  }
}
