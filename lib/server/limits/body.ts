import "server-only";

/**
 * The response with `headers` added and `done` called exactly once when its body has been
 * sent whole, has failed, or was cancelled by the client — or at once for a bodiless one.
 * It is how a response that is not a model stream (those end with their generation) holds its
 * concurrency slot until it has been delivered.
 */
export function withBodySettled(response: Response, headers: Record<string, string>, done: () => void): Response {
  let settled = false;
  const settle = () => {
    if (settled) return;
    settled = true;
    done();
  };
  const merged = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  if (!response.body) {
    settle();
    return new Response(null, { status: response.status, statusText: response.statusText, headers: merged });
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done: ended, value } = await reader.read();
          if (ended) {
            settle();
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch (error) {
          settle();
          controller.error(error);
        }
      },
      async cancel(reason) {
        settle();
        await reader.cancel(reason);
      },
    },
    // Pull only when the client reads: nothing is buffered here beyond what it asked for.
    { highWaterMark: 0 },
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: merged });
}

/** The response with `headers` added (bodies untouched). */
export function withHeaders(response: Response, headers: Record<string, string>): Response {
  if (Object.keys(headers).length === 0) return response;
  const merged = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged });
}
