import { APICallError, simulateReadableStream, streamText, wrapLanguageModel } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it, vi } from "vitest";
import { firstTokenRetry } from "@/lib/server/ai/first-token-retry";

type StreamResult = Awaited<ReturnType<MockLanguageModelV4["doStream"]>>;
type Part = StreamResult["stream"] extends ReadableStream<infer P> ? P : never;

const policy = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 10 };
const usage = { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 2, text: 2, reasoning: 0 } };
const finish: Part = { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage } as Part;
const text = (delta: string): Part[] => [{ type: "text-start", id: "t" }, { type: "text-delta", id: "t", delta }];
const unavailable = () =>
  new APICallError({ message: "busy", url: "http://upstream", requestBodyValues: {}, statusCode: 503, isRetryable: true });

function streamOf(parts: Part[]): StreamResult {
  return { stream: simulateReadableStream({ chunks: parts }) };
}

function run(doStream: () => Promise<StreamResult>) {
  const hooks = { onFirstToken: vi.fn(), onFailure: vi.fn(), onRetry: vi.fn() };
  const model = wrapLanguageModel({ model: new MockLanguageModelV4({ doStream }), middleware: firstTokenRetry(policy, hooks) });
  const result = streamText({ model, prompt: "hi", maxRetries: 0, onError: () => {} });
  return { hooks, result };
}

async function collect(result: ReturnType<typeof run>["result"]) {
  const parts: { type: string }[] = [];
  for await (const part of result.stream) parts.push(part);
  return parts;
}

describe("first-token retry middleware", () => {
  it("retries failures before the first token and then streams the answer", async () => {
    let calls = 0;
    const { hooks, result } = run(async () => {
      calls++;
      if (calls < 3) throw unavailable();
      return streamOf([...text("Hello"), finish]);
    });
    const parts = await collect(result);
    expect(calls).toBe(3);
    expect(hooks.onRetry).toHaveBeenCalledTimes(2);
    expect(hooks.onFirstToken).toHaveBeenCalledOnce();
    expect(await result.text).toBe("Hello");
    expect(parts.some((p) => p.type === "error")).toBe(false);
  });

  it("retries an error part that arrives before any token", async () => {
    let calls = 0;
    const { result } = run(async () => (++calls === 1 ? streamOf([{ type: "error", error: unavailable() }]) : streamOf([...text("Hi"), finish])));
    await collect(result);
    expect(calls).toBe(2);
    expect(await result.text).toBe("Hi");
  });

  it("never retries once a token has been produced", async () => {
    let calls = 0;
    const { hooks, result } = run(async () => {
      calls++;
      return streamOf([...text("Half"), { type: "error", error: unavailable() }]);
    });
    const parts = await collect(result);
    expect(calls).toBe(1);
    expect(hooks.onFirstToken).toHaveBeenCalledOnce();
    expect(parts.some((p) => p.type === "error")).toBe(true);
  });

  it("gives up after the configured retries and reports the failure", async () => {
    let calls = 0;
    const { hooks, result } = run(async () => {
      calls++;
      throw unavailable();
    });
    const parts = await collect(result);
    expect(calls).toBe(3);
    expect(hooks.onFailure).toHaveBeenCalledOnce();
    expect(hooks.onFirstToken).not.toHaveBeenCalled();
    expect(parts.some((p) => p.type === "error")).toBe(true);
  });

  it("does not retry a request the provider rejected", async () => {
    let calls = 0;
    const { hooks } = run(async () => {
      calls++;
      throw new APICallError({ message: "bad", url: "u", requestBodyValues: {}, statusCode: 400 });
    });
    await vi.waitFor(() => expect(hooks.onFailure).toHaveBeenCalled());
    expect(calls).toBe(1);
  });
});
