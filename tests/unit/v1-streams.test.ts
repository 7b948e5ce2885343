import type { TextStreamPart, ToolSet } from "ai";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { encodeModelStream, finishReason, responseMode, sse, type StreamEncoder } from "@/lib/server/v1/generation";

const usage = { inputTokens: 5, outputTokens: 2, totalTokens: 7 } as const;

function partsOf(...parts: unknown[]): ReadableStream<TextStreamPart<ToolSet>> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(part as TextStreamPart<ToolSet>);
      controller.close();
    },
  });
}

const recorder: StreamEncoder = {
  contentType: "text/plain",
  start: () => "start|",
  delta: (text) => `delta:${text}|`,
  finish: (reason, u) => `finish:${reason}:${u.total_tokens}|`,
  error: (error) => `error:${error.code}|`,
};

async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("encodeModelStream", () => {
  it("writes the start, each text delta and the finish with usage, in order", async () => {
    const stream = partsOf(
      { type: "text-delta", id: "1", text: "Hel" },
      { type: "text-delta", id: "1", text: "lo" },
      { type: "finish", finishReason: "stop", rawFinishReason: "stop", totalUsage: usage },
    );
    expect(await read(encodeModelStream(stream, () => new AppError("upstream_error"), recorder))).toBe(
      "start|delta:Hel|delta:lo|finish:stop:7|",
    );
  });

  it("turns a mid-stream failure into one error event and writes nothing after it", async () => {
    const stream = partsOf(
      { type: "text-delta", id: "1", text: "Hel" },
      { type: "error", error: new Error("socket hang up") },
      { type: "finish", finishReason: "error", rawFinishReason: undefined, totalUsage: usage },
    );
    expect(await read(encodeModelStream(stream, () => new AppError("upstream_error"), recorder))).toBe(
      "start|delta:Hel|error:upstream_error|",
    );
  });

  it("skips empty deltas and parts that carry no text", async () => {
    const stream = partsOf(
      { type: "start" },
      { type: "text-delta", id: "1", text: "" },
      { type: "finish", finishReason: "length", rawFinishReason: "length", totalUsage: usage },
    );
    expect(await read(encodeModelStream(stream, () => new AppError("upstream_error"), recorder))).toBe("start|finish:length:7|");
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
