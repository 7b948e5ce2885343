import { trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { generateText, streamText } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { answer, generated, streamOf } from "./resilience-fixtures";

// Tracing is on only with an endpoint; lib/server/env reads it when first imported.
vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318");
const exporter = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
const { startModelSpan, telemetrySettings, tracingEnabled } = await import("@/lib/server/telemetry");

afterAll(() => {
  trace.disable();
  vi.unstubAllEnvs();
});
beforeEach(() => exporter.reset());

const PROMPT = "PROMPT-3b9e never in a span";
const ANSWER = "ANSWER-d41c never in a span";

function model() {
  return new MockLanguageModelV4({
    provider: "openai-compatible.chat",
    modelId: "fake-model",
    doGenerate: async () => generated(ANSWER) as Awaited<ReturnType<MockLanguageModelV4["doGenerate"]>>,
    doStream: async () => streamOf(answer(ANSWER)),
  });
}

function expectNoContent(spans: ReadableSpan[]) {
  const dump = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })));
  expect(dump).not.toContain("PROMPT-3b9e");
  expect(dump).not.toContain("ANSWER-d41c");
}

describe("AI SDK telemetry settings", () => {
  it("turn telemetry on without recording inputs or outputs", () => {
    expect(tracingEnabled).toBe(true);
    expect(telemetrySettings("/api/write")).toMatchObject({
      isEnabled: true,
      recordInputs: false,
      recordOutputs: false,
      functionId: "/api/write",
    });
  });

  it("make an operation span and a gen_ai model-call span for generateText, without the prompt or answer", async () => {
    const result = await generateText({ model: model(), prompt: PROMPT, maxOutputTokens: 100, telemetry: telemetrySettings("/api/write") });
    expect(result.text).toBe(ANSWER);
    const spans = exporter.getFinishedSpans();
    const call = spans.find((s) => s.name === "chat fake-model");
    expect(call?.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "fake-model",
      "gen_ai.request.max_tokens": 100,
      "gen_ai.usage.input_tokens": 3,
      "gen_ai.usage.output_tokens": 2,
      "gen_ai.response.finish_reasons": ["stop"],
      "draftwise.function_id": "/api/write",
    });
    expect(spans.map((s) => s.name)).toContain("ai.generateText");
    const operation = spans.find((s) => s.name === "ai.generateText");
    expect(call!.parentSpanContext?.spanId).toBe(operation!.spanContext().spanId);
    expectNoContent(spans);
  });

  it("end the spans of a streamText call once its stream is read", async () => {
    const result = streamText({ model: model(), prompt: PROMPT, telemetry: telemetrySettings("/api/chat") });
    expect(await result.text).toBe(ANSWER);
    await vi.waitFor(() => expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(expect.arrayContaining(["chat fake-model", "ai.streamText"])));
    expectNoContent(exporter.getFinishedSpans());
  });
});

describe("startModelSpan", () => {
  it("records provider, model, first token, tokens, attempts and outcome", () => {
    const span = startModelSpan({ route: "/api/v1/chat", provider: "openai-compatible", model: "fake-model", operation: "stream" });
    span.firstToken();
    span.firstToken();
    span.end({ status: "ok", inputTokens: 12, outputTokens: 40, attempts: 2, model: "fake-model-small" });
    span.end({ status: "error", inputTokens: 0, outputTokens: 0, attempts: 9, model: "x" });
    const [finished] = exporter.getFinishedSpans();
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    expect(finished!.name).toBe("chat fake-model");
    expect(finished!.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai-compatible",
      "gen_ai.request.model": "fake-model",
      "gen_ai.response.model": "fake-model-small",
      "gen_ai.usage.input_tokens": 12,
      "gen_ai.usage.output_tokens": 40,
      "draftwise.route": "/api/v1/chat",
      "draftwise.attempts": 2,
      "draftwise.outcome": "ok",
      "draftwise.ttft_ms": expect.any(Number),
    });
    expect(finished!.events.map((e) => e.name)).toEqual(["gen_ai.first_token"]);
  });

  it("marks a failed call with error.type and an error status", () => {
    const span = startModelSpan({ route: "/api/chat", provider: "p", model: "m", operation: "generate" });
    span.end({ status: "error", inputTokens: 5, outputTokens: 0, attempts: 3, errorCode: "upstream_unavailable", model: "m" });
    const [finished] = exporter.getFinishedSpans();
    expect(finished!.attributes["error.type"]).toBe("upstream_unavailable");
    expect(finished!.status.code).toBe(2);
  });
});
