import { describe, expect, it } from "vitest";
import {
  appUrl,
  expectError,
  postJson,
  sessionCookie,
  sseEvents,
  streamedText,
  uniqueTag,
  upstreamRequests,
  userMessage,
  waitFor,
} from "./helpers";

const plain = (content: string, extra: Record<string, unknown> = {}) => ({
  messages: [{ role: "user", content }],
  ...extra,
});

describe("POST /api/chat — useChat bodies", () => {
  it("streams the answer as a UI message stream with proxy-safe headers", async () => {
    const res = await postJson("/api/chat", { id: "c1", messages: [userMessage("Hello [[tokens=5]]")], trigger: "submit-message" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const events = sseEvents(await res.text());
    expect(events[0]?.type).toBe("start");
    expect(streamedText(events).split(" ")).toHaveLength(5);
    expect(events.some((e) => e.type === "finish")).toBe(true);
  });

  it("sends the current document to the model as context", async () => {
    const tag = uniqueTag("doc");
    const res = await postJson("/api/chat", {
      messages: [userMessage(`What is this about? [[tag=${tag}]]`)],
      document: "A field guide to urban foxes.",
    });
    await res.text();
    const [request] = await upstreamRequests(tag);
    const body = request!.body as { messages: { role: string; content: string }[] };
    expect(body.messages[0]!.role).toBe("system");
    expect(body.messages[0]!.content).not.toContain("urban foxes");
    expect(body.messages[1]).toMatchObject({ role: "user", content: expect.stringContaining("A field guide to urban foxes.") });
  });

  it("sends a selection with the last question, framed, after the document", async () => {
    const tag = uniqueTag("selection");
    const res = await postJson("/api/chat", {
      messages: [userMessage("Earlier?"), { id: "a1", role: "assistant", parts: [{ type: "text", text: "Yes." }] }, userMessage(`Is this clear? [[tag=${tag}]]`, "m2")],
      document: "Foxes adapt. They den under sheds.",
      selection: "They den under **sheds**.",
    });
    await res.text();
    const [request] = await upstreamRequests(tag);
    const messages = (request!.body as { messages: { role: string; content: string }[] }).messages;
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "user", "assistant", "user"]);
    expect(messages[2]!.content).toBe("Earlier?");
    expect(messages[4]!.content).toMatch(/<selection>\nThey den under \*\*sheds\*\*\.\n<\/selection>\n\nIs this clear\?/);
  });

  it("answers 400 for a selection over limits.selectionChars or holding a NUL", async () => {
    for (const selection of ["x".repeat(20_001), "a\u0000b"]) {
      await expectError(await postJson("/api/chat", { messages: [userMessage("Why?")], selection }), 400, "invalid_request", "selection");
    }
  });

  it("rejects an assistant-only conversation", async () => {
    const res = await postJson("/api/chat", { messages: [{ id: "a", role: "assistant", parts: [{ type: "text", text: "hi" }] }] });
    await expectError(res, 400, "invalid_request", "messages");
  });
});

describe("POST /api/chat — plain bodies", () => {
  it('answers JSON with usage when "stream" is false', async () => {
    const res = await postJson("/api/chat", plain("Hi [[tokens=7]]", { stream: false }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ model: "fake-model", finish_reason: "stop" });
    expect(body.id).toEqual(expect.any(String));
    expect(body.text.split(" ")).toHaveLength(7);
    expect(body.usage.completion_tokens).toBe(7);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + 7);
  });

  it("streams by default", async () => {
    const res = await postJson("/api/chat", plain("Hi [[tokens=3]]"));
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    expect(streamedText(sseEvents(await res.text())).split(" ")).toHaveLength(3);
  });

  it("passes temperature, max_tokens, stop and the system message to the model", async () => {
    const tag = uniqueTag("opts");
    const res = await postJson(
      "/api/chat",
      {
        messages: [
          { role: "system", content: "Answer like a pirate." },
          { role: "user", content: `Hi [[tag=${tag}]] [[tokens=30]]` },
        ],
        temperature: 0.3,
        max_tokens: 5,
        stop: ["END"],
        stream: false,
      },
    );
    const body = await res.json();
    expect(body.finish_reason).toBe("length");
    const [request] = await upstreamRequests(tag);
    const sent = request!.body as Record<string, unknown> & { messages: { content: string }[] };
    expect(sent.temperature).toBe(0.3);
    expect(sent.max_tokens ?? sent.max_completion_tokens).toBe(5);
    expect(sent.stop).toEqual(["END"]);
    expect(sent.messages[0]!.content).toContain("Answer like a pirate.");
  });

  it("uses another configured model when asked", async () => {
    const res = await postJson("/api/chat", plain("Hi", { model: "fake-model-small", stream: false }));
    expect((await res.json()).model).toBe("fake-model-small");
  });
});

describe("POST /api/chat — validation", () => {
  const cases: Array<[string, unknown, string | undefined]> = [
    ["no messages", { messages: [] }, "messages"],
    ["an unknown field", { ...plain("hi"), temprature: 1 }, "temprature"],
    ["an unknown role", { messages: [{ role: "tool", content: "x" }] }, "messages.0.role"],
    ["a system message after the first", { messages: [{ role: "user", content: "a" }, { role: "system", content: "b" }] }, "messages.1.role"],
    ["no user message", { messages: [{ role: "system", content: "be nice" }] }, "messages"],
    ["an empty message", { messages: [{ role: "user", content: "" }] }, "messages.0.content"],
    ["a message over the length limit", plain("x".repeat(32_001)), "messages.0.content"],
    ["too many messages", { messages: Array.from({ length: 101 }, () => ({ role: "user", content: "x" })) }, "messages"],
    ["a temperature above 2", plain("hi", { temperature: 2.5 }), "temperature"],
    ["a negative temperature", plain("hi", { temperature: -1 }), "temperature"],
    ["a fractional max_tokens", plain("hi", { max_tokens: 1.5 }), "max_tokens"],
    ["more than 4 stop sequences", plain("hi", { stop: ["a", "b", "c", "d", "e"] }), "stop"],
    ["a stop sequence over 100 characters", plain("hi", { stop: "s".repeat(101) }), "stop"],
    ["a non-boolean stream flag", plain("hi", { stream: "no" }), "stream"],
  ];
  it.each(cases)("answers 400 for %s", async (_name, body, param) => {
    await expectError(await postJson("/api/chat", body), 400, "invalid_request", param);
  });

  it("answers 400 when max_tokens exceeds the model's output limit", async () => {
    const error = await expectError(await postJson("/api/chat", plain("hi", { max_tokens: 4096 })), 400, "invalid_request", "max_tokens");
    expect(error.message).toContain("2048");
  });

  it("answers 400 context_length_exceeded when the conversation does not fit the model", async () => {
    const messages = Array.from({ length: 3 }, () => ({ role: "user", content: "word ".repeat(6000) }));
    await expectError(await postJson("/api/chat", { messages }), 400, "context_length_exceeded", "messages");
  });

  it("answers 400 model_not_found for a model that is not configured", async () => {
    const error = await expectError(await postJson("/api/chat", plain("hi", { model: "gpt-9" })), 400, "model_not_found", "model");
    expect(error.message).toContain("fake-model");
  });

  it("answers 413 for a chunked body over the size limit without a Content-Length", async () => {
    const chunk = new TextEncoder().encode("x".repeat(100_000));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ >= 12) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${appUrl()}/api/chat`, {
      method: "POST",
      headers: { "Content-Type": "application/json", cookie: sessionCookie() },
      body,
      duplex: "half",
    } as RequestInit);
    await expectError(res, 413, "payload_too_large");
  });
});

describe("POST /api/chat — upstream failures", () => {
  it("retries two 503s and then delivers the answer", async () => {
    const tag = uniqueTag("flaky");
    const res = await postJson("/api/chat", plain(`Hi [[fail=503x2]] [[tag=${tag}]] [[tokens=4]]`));
    expect(res.status).toBe(200);
    expect(streamedText(sseEvents(await res.text())).split(" ")).toHaveLength(4);
    const attempts = await upstreamRequests(tag);
    expect(attempts.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("retries a 429 for a non-streaming answer too", async () => {
    const tag = uniqueTag("busy");
    const res = await postJson("/api/chat", plain(`Hi [[fail=429x1]] [[tag=${tag}]]`, { stream: false }));
    expect(res.status).toBe(200);
    expect((await upstreamRequests(tag)).map((r) => r.status)).toEqual([429, 200]);
  });

  it("maps a persistent 500 to 502 without leaking upstream details", async () => {
    const tag = uniqueTag("broken");
    await expectError(await postJson("/api/chat", plain(`Hi [[fail=500]] [[tag=${tag}]]`)), 502, "upstream_error");
    expect(await upstreamRequests(tag)).toHaveLength(3); // the first try and two retries
  });

  it("maps a persistent 429 to 503 with Retry-After", async () => {
    const res = await postJson("/api/chat", plain(`Hi [[fail=429]] [[id=${uniqueTag("429")}]]`));
    await expectError(res, 503, "upstream_rate_limited");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("does not retry a 400 from the provider and answers 502", async () => {
    const tag = uniqueTag("rejected");
    await expectError(await postJson("/api/chat", plain(`Hi [[fail=400]] [[tag=${tag}]]`)), 502, "upstream_error");
    expect(await upstreamRequests(tag)).toHaveLength(1);
  });

  it("maps a connection cut before the first token, after retries, to 503", async () => {
    const tag = uniqueTag("cut0");
    await expectError(await postJson("/api/chat", plain(`Hi [[cut=0]] [[tag=${tag}]]`)), 503, "upstream_unavailable");
    expect(await upstreamRequests(tag)).toHaveLength(3);
  });

  it("answers 504 when the first token does not come in time", async () => {
    const tag = uniqueTag("slow");
    const started = Date.now();
    await expectError(await postJson("/api/chat", plain(`Hi [[first=10000]] [[tag=${tag}]]`)), 504, "upstream_timeout");
    expect(Date.now() - started).toBeLessThan(5_000);
    const [request] = await waitFor(async () => {
      const records = await upstreamRequests(tag);
      return records[0]?.aborted ? records : undefined;
    });
    expect(request!.aborted).toBe(true);
  });

  it("reports a stream cut after the first token as an error event, not a short answer", async () => {
    const res = await postJson("/api/chat", plain(`Hi [[cut=3]] [[tokens=20]] [[id=${uniqueTag("cut3")}]]`));
    expect(res.status).toBe(200);
    const events = sseEvents(await res.text());
    expect(streamedText(events).length).toBeGreaterThan(0);
    const error = events.find((e) => e.type === "error");
    expect(error?.errorText).toEqual(expect.any(String));
    expect(String(error?.errorText)).not.toMatch(/127\.0\.0\.1|at .+\(/);
  });

  it("aborts the upstream request when the client disconnects", async () => {
    const tag = uniqueTag("disconnect");
    const controller = new AbortController();
    const res = await postJson("/api/chat", plain(`Hi [[tokens=400]] [[delay=20]] [[tag=${tag}]]`), { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    const abortedAt = Date.now();
    controller.abort();
    const [record] = await waitFor(async () => {
      const records = await upstreamRequests(tag);
      return records[0]?.aborted ? records : undefined;
    });
    expect(record!.completed).toBe(false);
    expect(record!.endedAt! - abortedAt).toBeLessThan(1_000);
    expect(record!.chunksSent).toBeLessThan(400);
  });
});
