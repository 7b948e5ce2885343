import { describe, expect, it } from "vitest";
import { authorizeMetrics, metrics, metricsText } from "@/lib/server/metrics";

// The counters live for the process and this file runs in its own; each test below writes
// families no other test here touches, so exact counts hold in any order.

/** The sample lines of one family, without HELP/TYPE. */
async function samples(name: string): Promise<string[]> {
  const { body } = await metricsText();
  return body.split("\n").filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe("metrics", () => {
  it("serves the Prometheus text format with HELP and TYPE for every documented family", async () => {
    const { contentType, body } = await metricsText();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const families: Array<[string, string]> = [
      ["draftwise_http_requests_total", "counter"],
      ["draftwise_http_request_duration_seconds", "histogram"],
      ["draftwise_time_to_first_token_seconds", "histogram"],
      ["draftwise_model_calls_total", "counter"],
      ["draftwise_model_call_duration_seconds", "histogram"],
      ["draftwise_model_tokens_total", "counter"],
      ["draftwise_model_retries_total", "counter"],
      ["draftwise_model_fallbacks_total", "counter"],
      ["draftwise_breaker_state", "gauge"],
      ["draftwise_active_streams", "gauge"],
      ["draftwise_rate_limited_total", "counter"],
      ["draftwise_process_resident_memory_bytes", "gauge"],
    ];
    for (const [name, type] of families) {
      expect(body).toContain(`# HELP ${name} `);
      expect(body).toContain(`# TYPE ${name} ${type}`);
    }
  });

  it("counts requests and observes latency by route template, method and status", async () => {
    metrics.httpRequest({ route: "/api/documents/[id]", method: "GET", status: 200, seconds: 0.003 });
    metrics.httpRequest({ route: "/api/documents/[id]", method: "GET", status: 200, seconds: 0.2 });
    metrics.httpRequest({ route: "/api/chat", method: "POST", status: 429, seconds: 0.001 });
    expect(await samples("draftwise_http_requests_total")).toEqual([
      'draftwise_http_requests_total{route="/api/documents/[id]",method="GET",status="200"} 2',
      'draftwise_http_requests_total{route="/api/chat",method="POST",status="429"} 1',
    ]);
    const buckets = await samples("draftwise_http_request_duration_seconds_bucket");
    expect(buckets).toContain('draftwise_http_request_duration_seconds_bucket{le="0.005",route="/api/documents/[id]",method="GET",status="200"} 1');
    expect(buckets).toContain('draftwise_http_request_duration_seconds_bucket{le="0.25",route="/api/documents/[id]",method="GET",status="200"} 2');
    expect(buckets).toContain('draftwise_http_request_duration_seconds_bucket{le="60",route="/api/chat",method="POST",status="429"} 1');
  });

  it("records time to first token, model calls with tokens in and out, retries and fallbacks", async () => {
    metrics.firstToken({ route: "/api/v1/chat", model: "fake-model", seconds: 0.04 });
    metrics.modelCall({ provider: "openai-compatible", model: "fake-model", outcome: "ok", seconds: 1.2, inputTokens: 10, outputTokens: 50 });
    metrics.modelCall({ provider: "openai-compatible", model: "fake-model", outcome: "ok", seconds: 0.8, inputTokens: 5, outputTokens: 7 });
    metrics.retry({ provider: "openai-compatible", model: "fake-model" });
    metrics.fallback({ from: "fake-model", to: "fake-model-small" });
    expect(await samples("draftwise_time_to_first_token_seconds_count")).toEqual([
      'draftwise_time_to_first_token_seconds_count{route="/api/v1/chat",model="fake-model"} 1',
    ]);
    expect(await samples("draftwise_model_calls_total")).toEqual([
      'draftwise_model_calls_total{provider="openai-compatible",model="fake-model",outcome="ok"} 2',
    ]);
    expect(await samples("draftwise_model_tokens_total")).toEqual([
      'draftwise_model_tokens_total{provider="openai-compatible",model="fake-model",direction="input"} 15',
      'draftwise_model_tokens_total{provider="openai-compatible",model="fake-model",direction="output"} 57',
    ]);
    expect(await samples("draftwise_model_retries_total")).toEqual(['draftwise_model_retries_total{provider="openai-compatible",model="fake-model"} 1']);
    expect(await samples("draftwise_model_fallbacks_total")).toEqual(['draftwise_model_fallbacks_total{from="fake-model",to="fake-model-small"} 1']);
  });

  it("shows breaker state as 0/1/2 and as a state set", async () => {
    metrics.breakerState({ provider: "p", model: "m", state: "open" });
    expect(await samples("draftwise_breaker_state")).toEqual(['draftwise_breaker_state{provider="p",model="m"} 1']);
    metrics.breakerState({ provider: "p", model: "m", state: "half_open" });
    expect(await samples("draftwise_breaker_state")).toEqual(['draftwise_breaker_state{provider="p",model="m"} 2']);
    expect(await samples("draftwise_breaker_states")).toEqual([
      'draftwise_breaker_states{provider="p",model="m",state="closed"} 0',
      'draftwise_breaker_states{provider="p",model="m",state="open"} 0',
      'draftwise_breaker_states{provider="p",model="m",state="half_open"} 1',
    ]);
  });

  it("tracks active streams by route and in total", async () => {
    metrics.streamOpened("/api/chat");
    metrics.streamOpened("/api/chat");
    metrics.streamOpened("/api/v1/chat");
    metrics.streamClosed("/api/chat");
    expect(metrics.activeStreams()).toBe(2);
    expect(await samples("draftwise_active_streams")).toEqual([
      'draftwise_active_streams{route="/api/chat"} 1',
      'draftwise_active_streams{route="/api/v1/chat"} 1',
    ]);
  });

  it("counts rate-limit rejections by scope and limit", async () => {
    metrics.rateLimited({ scope: "key", limit: "rpm" });
    metrics.rateLimited({ scope: "key", limit: "rpm" });
    expect(await samples("draftwise_rate_limited_total")).toEqual(['draftwise_rate_limited_total{scope="key",limit="rpm"} 2']);
  });

  it("authorizes the scrape only with the exact bearer token when one is set", () => {
    expect(authorizeMetrics(null, undefined)).toBe(true);
    expect(authorizeMetrics(null, "s3cret-token")).toBe(false);
    expect(authorizeMetrics("Bearer wrong", "s3cret-token")).toBe(false);
    expect(authorizeMetrics("Bearer s3cret-toke", "s3cret-token")).toBe(false);
    expect(authorizeMetrics("Basic s3cret-token", "s3cret-token")).toBe(false);
    expect(authorizeMetrics("Bearer s3cret-token", "s3cret-token")).toBe(true);
    expect(authorizeMetrics("bearer s3cret-token", "s3cret-token")).toBe(true);
  });
});
