import "server-only";
import { SpanKind, SpanStatusCode, context, trace, type Attributes, type Context, type Span } from "@opentelemetry/api";
import type { Telemetry, TelemetryOptions } from "ai";
import { env } from "@/lib/server/env";

/**
 * OpenTelemetry traces of model calls, exported (by instrumentation.ts → @vercel/otel) only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set. Spans carry `gen_ai.*` attributes — provider, model, token
 * counts, finish reason — and never a prompt or an answer.
 */

export const tracingEnabled = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT);
const TRACER = "draftwise";
const tracer = () => trace.getTracer(TRACER);

// ------------------------------------------------------------------ AI SDK integration

/**
 * ai 7 has no built-in OpenTelemetry: telemetry goes to "integrations". This one turns an
 * operation (`streamText`, `generateText`) and each model call inside it into spans. The
 * events do carry the prompt and the answer; nothing of them is copied onto a span.
 */
interface CallSpans {
  operation?: Span;
  model?: Span;
  startedAt: number;
}

const MAX_OPEN_CALLS = 10_000;
const openCalls = new Map<string, CallSpans>();

function callSpans(callId: string): CallSpans {
  let spans = openCalls.get(callId);
  if (!spans) {
    if (openCalls.size >= MAX_OPEN_CALLS) {
      // A call whose end event never came (should not happen): drop the oldest rather than grow.
      const [oldest] = openCalls.keys();
      if (oldest !== undefined) endCall(oldest);
    }
    spans = { startedAt: Date.now() };
    openCalls.set(callId, spans);
  }
  return spans;
}

function endCall(callId: string, error?: unknown) {
  const spans = openCalls.get(callId);
  if (!spans) return;
  openCalls.delete(callId);
  for (const span of [spans.model, spans.operation]) {
    if (!span) continue;
    if (error !== undefined) markError(span, error);
    span.end();
  }
}

function errorType(error: unknown): string {
  if (error instanceof Error) return error.name || "Error";
  return typeof error;
}

function markError(span: Span, error: unknown) {
  // The type only: provider error messages can quote the request.
  span.setAttribute("error.type", errorType(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: errorType(error) });
}

function defined(attributes: Record<string, string | number | boolean | string[] | undefined>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) out[key] = value;
  return out;
}

function parentContext(spans: CallSpans | undefined): Context {
  const parent = spans?.model ?? spans?.operation;
  return parent ? trace.setSpan(context.active(), parent) : context.active();
}

const aiSdkIntegration: Telemetry = {
  onStart(event) {
    if (!("operationId" in event) || !("callId" in event)) return;
    const e = event as { callId: string; operationId: string; provider?: string; modelId?: string; functionId?: string };
    const spans = callSpans(e.callId);
    spans.operation = tracer().startSpan(e.operationId, {
      kind: SpanKind.INTERNAL,
      attributes: defined({
        "gen_ai.provider.name": e.provider,
        "gen_ai.request.model": e.modelId,
        "draftwise.function_id": e.functionId,
      }),
    });
  },
  onLanguageModelCallStart(event) {
    const spans = callSpans(event.callId);
    spans.model = tracer().startSpan(
      `chat ${event.modelId}`,
      {
        kind: SpanKind.CLIENT,
        attributes: defined({
          "gen_ai.operation.name": "chat",
          "gen_ai.provider.name": event.provider,
          "gen_ai.system": event.provider,
          "gen_ai.request.model": event.modelId,
          "gen_ai.request.max_tokens": event.maxOutputTokens,
          "gen_ai.request.temperature": event.temperature,
          "gen_ai.request.top_p": event.topP,
          "draftwise.function_id": event.functionId,
        }),
      },
      spans.operation ? trace.setSpan(context.active(), spans.operation) : undefined,
    );
  },
  onLanguageModelCallEnd(event) {
    const spans = openCalls.get(event.callId);
    const span = spans?.model;
    if (!spans || !span) return;
    span.setAttributes(
      defined({
        "gen_ai.response.id": event.responseId,
        "gen_ai.response.model": event.modelId,
        "gen_ai.response.finish_reasons": [event.finishReason],
        "gen_ai.usage.input_tokens": event.usage.inputTokens,
        "gen_ai.usage.output_tokens": event.usage.outputTokens,
        "draftwise.ttft_ms": event.performance.timeToFirstOutputMs,
      }),
    );
    span.end();
    spans.model = undefined;
  },
  onEnd(event) {
    if ("callId" in event && typeof event.callId === "string") endCall(event.callId);
  },
  onAbort(event) {
    const spans = openCalls.get(event.callId);
    for (const span of [spans?.model, spans?.operation]) span?.setAttribute("draftwise.aborted", true);
    endCall(event.callId);
  },
  onError(event) {
    const e = event as { callId?: unknown; error?: unknown } | undefined;
    if (typeof e?.callId === "string") endCall(e.callId, e.error);
  },
  /** Provider requests (the fetch spans) become children of the model-call span. */
  executeLanguageModelCall({ callId, execute }) {
    return context.with(parentContext(openCalls.get(callId)), execute);
  },
};

/**
 * The AI SDK's `telemetry` option for `generateText` / `streamText` (ai 7; `experimental_telemetry`
 * is its deprecated alias): on only with an OTLP endpoint, and never recording inputs or outputs.
 */
export function telemetrySettings(functionId: string): TelemetryOptions {
  if (!tracingEnabled) return { isEnabled: false };
  return { isEnabled: true, recordInputs: false, recordOutputs: false, functionId, integrations: [aiSdkIntegration] };
}

// ------------------------------------------------------------------ hand-made model spans

export interface ModelSpan {
  /** The first token reached the client (an event on the span, and `draftwise.ttft_ms`). */
  firstToken(): void;
  end(outcome: {
    status: string;
    inputTokens: number;
    outputTokens: number;
    errorCode?: string;
    attempts: number;
    /** The model that answered (a fallback's, when one did). */
    model: string;
  }): void;
  /** Runs `fn` with this span as the active one, so the provider's fetch span nests under it. */
  run<T>(fn: () => T): T;
}

const noopSpan: ModelSpan = Object.freeze({
  firstToken() {},
  end() {},
  run<T>(fn: () => T): T {
    return fn();
  },
});

/**
 * A span for one model call made outside `streamText` (the fast streaming path): kind CLIENT,
 * named `chat <model>`, with `gen_ai.*` attributes. A shared no-op when tracing is off.
 */
export function startModelSpan(x: { route: string; provider: string; model: string; operation: "stream" | "generate" }): ModelSpan {
  if (!tracingEnabled) return noopSpan;
  const started = performance.now();
  const span = tracer().startSpan(`chat ${x.model}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": x.provider,
      "gen_ai.system": x.provider,
      "gen_ai.request.model": x.model,
      "draftwise.route": x.route,
      "draftwise.stream": x.operation === "stream",
    },
  });
  let ended = false;
  let sawFirst = false;
  return {
    firstToken() {
      if (ended || sawFirst) return;
      sawFirst = true;
      const ms = Math.round(performance.now() - started);
      span.setAttribute("draftwise.ttft_ms", ms);
      span.addEvent("gen_ai.first_token");
    },
    end(outcome) {
      if (ended) return;
      ended = true;
      span.setAttributes({
        "gen_ai.response.model": outcome.model,
        "gen_ai.usage.input_tokens": outcome.inputTokens,
        "gen_ai.usage.output_tokens": outcome.outputTokens,
        "draftwise.outcome": outcome.status,
        "draftwise.attempts": outcome.attempts,
      });
      if (outcome.status === "error") {
        span.setAttribute("error.type", outcome.errorCode ?? "error");
        span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.errorCode });
      } else if (outcome.errorCode) {
        span.setAttribute("error.type", outcome.errorCode);
      }
      span.end();
    },
    run(fn) {
      return context.with(trace.setSpan(context.active(), span), fn);
    },
  };
}
