import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import type { ModelStream, StreamPart } from "@/lib/server/ai/client";
import { finishReason, sse, type StreamFormat } from "@/lib/delivery/formats";
import { responseMode } from "@/lib/server/delivery";
import { CoalescingBody, plainSink } from "@/lib/server/delivery/sink";
import { pump } from "@/lib/server/delivery/stream";

const usage = {
  inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 2, text: 2, reasoning: 0 },
};

function streamOf(...parts: unknown[]): ModelStream {
  const queue = [...parts] as StreamPart[];
  return {
    model: { id: "m", label: "m", provider: "openai-compatible", contextWindow: 1000, maxOutputTokens: 100 },
    next: async () => queue.shift(),
    describeError: () => new AppError("upstream_error"),
  };
}

const recorder: StreamFormat = {
  contentType: "text/plain",
  start: () => "start|",
  delta: (text) => `delta:${text}|`,
  finish: (reason, u) => `finish:${reason}:${u.total_tokens}|`,
  error: (error) => `error:${error.code}|`,
};

async function run(stream: ModelStream, format: StreamFormat = recorder): Promise<string> {
  const sink = plainSink(new AbortController().signal);
  void pump(stream, format, sink);
  return new Response(sink.body).text();
}

describe("pump", () => {
  it("writes the start, each text delta and the finish with usage, in order", async () => {
    const stream = streamOf(
      { type: "text-delta", id: "1", delta: "Hel" },
      { type: "text-delta", id: "1", delta: "lo" },
      { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage },
    );
    expect(await run(stream)).toBe("start|delta:Hel|delta:lo|finish:stop:7|");
  });

  it("turns a mid-stream failure into one error event and writes nothing after it", async () => {
    const stream = streamOf(
      { type: "text-delta", id: "1", delta: "Hel" },
      { type: "error", error: new Error("socket hang up") },
      { type: "finish", finishReason: { unified: "error", raw: undefined }, usage },
    );
    expect(await run(stream)).toBe("start|delta:Hel|error:upstream_error|");
  });

  it("skips empty deltas and parts that carry no text", async () => {
    const stream = streamOf(
      { type: "stream-start", warnings: [] },
      { type: "text-delta", id: "1", delta: "" },
      { type: "finish", finishReason: { unified: "length", raw: "length" }, usage },
    );
    expect(await run(stream)).toBe("start|finish:length:7|");
  });

  it("ends the body abnormally on a mid-stream failure when the format has no error event", async () => {
    const stream = streamOf({ type: "text-delta", id: "1", delta: "Hel" }, { type: "error", error: new Error("cut") });
    await expect(run(stream, { ...recorder, error: () => undefined })).rejects.toMatchObject({ code: "upstream_error", status: 502 });
  });

  it("sends deltas written in one turn of the event loop as one chunk", async () => {
    const sink = plainSink(new AbortController().signal);
    const reader = sink.body.getReader();
    sink.write("a");
    sink.write("b");
    sink.write("c");
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("abc");
    sink.close();
    expect((await reader.read()).done).toBe(true);
  });
});

describe("CoalescingBody", () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** Reads every chunk with the time it arrived, ms from `t0`. */
  function chunksOf(body: ReadableStream<Uint8Array>, t0: number) {
    const chunks: Array<{ text: string; at: number }> = [];
    const done = (async () => {
      const reader = body.getReader();
      for (;;) {
        const { done: ended, value } = await reader.read();
        if (ended) return chunks;
        chunks.push({ text: new TextDecoder().decode(value), at: performance.now() - t0 });
      }
    })();
    return { chunks, done };
  }

  it("sends the first text at once, then at most one chunk per interval, and the end at once", async () => {
    // Fake clocks: on a loaded machine real timers stretch, and a late tick merges chunks this test tells apart.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setImmediate", "performance"] });
    try {
      const t0 = performance.now();
      const body = new CoalescingBody(() => {}, 60);
      const { done } = chunksOf(body.body, t0);
      body.write("a"); // first: at once
      await vi.advanceTimersByTimeAsync(10);
      body.write("b"); // within the interval: waits for the tick
      await vi.advanceTimersByTimeAsync(10);
      body.write("c");
      await vi.advanceTimersByTimeAsync(130);
      body.write("d"); // a whole interval after the last chunk: at once
      await vi.advanceTimersByTimeAsync(5);
      body.write("e");
      body.close(); // the end flushes what waits, at once
      const chunks = await done;
      expect(chunks).toEqual([
        { text: "a", at: 0 },
        { text: "bc", at: 70 },
        { text: "d", at: 150 },
        { text: "e", at: 155 },
      ]);
      // The shared tick still pending for "e" fires, so later tests start without one.
      await vi.runAllTimersAsync();
    } finally {
      vi.useRealTimers();
    }
  });

  it("writes every turn with an interval of 0", async () => {
    const body = new CoalescingBody(() => {}, 0);
    const { done } = chunksOf(body.body, performance.now());
    body.write("a");
    await sleep(5);
    body.write("b");
    await sleep(5);
    body.close();
    expect((await done).map((c) => c.text)).toEqual(["a", "b"]);
  });

  it("drops what waits when the client cancels, and calls back", async () => {
    let cancelled = false;
    const body = new CoalescingBody(() => (cancelled = true), 50);
    const reader = body.body.getReader();
    body.write("a");
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("a");
    body.write("b");
    await reader.cancel();
    await sleep(70);
    expect(cancelled).toBe(true);
  });
});

describe("responseMode", () => {
  const request = (accept?: string) => new Request("http://x/", { headers: accept ? { accept } : {} });

  it("answers JSON unless streaming is asked for or is the route's default", () => {
    expect(responseMode(request(), undefined, false)).toBe("json");
    expect(responseMode(request(), undefined, true)).toBe("sse");
    expect(responseMode(request(), false, true)).toBe("json");
  });

  it("streams JSON lines to a client that accepts application/x-ndjson", () => {
    expect(responseMode(request("application/x-ndjson"), true, false)).toBe("ndjson");
    expect(responseMode(request("application/x-ndjson"), false, true)).toBe("json");
  });
});

describe("event formatting", () => {
  it("spells finish reasons the way OpenAI clients expect", () => {
    expect(finishReason("content-filter")).toBe("content_filter");
    expect(finishReason("tool-calls")).toBe("tool_calls");
    expect(finishReason("stop")).toBe("stop");
  });

  it("writes an SSE event with an optional event name and a blank-line terminator", () => {
    expect(sse({ a: 1 })).toBe('data: {"a":1}\n\n');
    expect(sse({ a: 1 }, "error")).toBe('event: error\ndata: {"a":1}\n\n');
  });
});
