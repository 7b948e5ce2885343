import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { parseScript, stripDirectives } from "../fixtures/fake-upstream/directives.ts";
import { arrayLength, sampleFromSchema } from "../fixtures/fake-upstream/schema-sample.ts";
import { startFakeUpstream, type FakeUpstream, type RequestRecord } from "../fixtures/fake-upstream/server.ts";

interface ChunkEvent {
  choices: { index: number; delta: { role?: string; content?: string }; finish_reason: string | null }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  id: string;
  object: string;
  model: string;
}

interface Completion {
  id: string;
  object: string;
  model: string;
  choices: { index: number; message: { role: string; content: string }; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

let upstream: FakeUpstream;

beforeAll(async () => {
  upstream = await startFakeUpstream();
});

afterAll(async () => {
  await upstream.close();
});

beforeEach(() => {
  upstream.reset();
});

function chat(body: Record<string, unknown>, init: RequestInit = {}): Promise<Response> {
  return fetch(`${upstream.url}/chat/completions`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: "Bearer test-key" },
    body: JSON.stringify({ model: "fake-model", ...body }),
    ...init,
  });
}

function userSays(content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { messages: [{ role: "user", content }], ...extra };
}

async function complete(content: string, extra: Record<string, unknown> = {}): Promise<Completion> {
  const res = await chat(userSays(content, extra));
  expect(res.status).toBe(200);
  return (await res.json()) as Completion;
}

/** Reads an SSE body to its end (or until the connection breaks) and parses the events. */
async function readSse(res: Response): Promise<{ events: ChunkEvent[]; done: boolean; error?: unknown }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const events: ChunkEvent[] = [];
  let done = false;
  let error: unknown;
  const drain = () => {
    let boundary: number;
    while ((boundary = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const data = block.replace(/^data: /, "");
      if (data === "[DONE]") done = true;
      else events.push(JSON.parse(data) as ChunkEvent);
    }
  };
  try {
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      buffer += decoder.decode(value, { stream: true });
      drain();
    }
  } catch (err) {
    error = err;
  }
  return { events, done, error };
}

function contentOf(events: ChunkEvent[]): string {
  return events.map((e) => e.choices[0]?.delta.content ?? "").join("");
}

function contentChunks(events: ChunkEvent[]): string[] {
  return events.flatMap((e) => {
    const choice = e.choices[0];
    return choice && choice.delta.content && choice.delta.role === undefined ? [choice.delta.content] : [];
  });
}

async function waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The most recent request carrying `tag`. */
function recordTagged(tag: string): RequestRecord {
  const record = upstream.requests.findLast((r) => r.tag === tag);
  if (!record) throw new Error(`no request tagged ${tag}`);
  return record;
}

describe("directives", () => {
  it("parses known keys, ignores unknown keys and malformed values", () => {
    const script = parseScript(
      "Write [[tokens=5]] a [[ delay = 20 ]] poem [[fail=503x2]] [[bogus=1]] [[tokens=abc]] [[tag=t1]] [[first=x]] [[retry_after=4]]",
      { first: 7 },
    );
    expect(script).toMatchObject({ tokens: 5, delay: 20, first: 7, fail: 503, failTimes: 2, retryAfter: 4, tag: "t1" });
    expect(parseScript("[[fail=429]] [[hang=1]] [[echo=1]]")).toMatchObject({
      fail: 429,
      failTimes: undefined,
      hang: true,
      echo: true,
    });
    const malformed = parseScript("[[fail=banana]] [[cut=]] [[fail=200]] [[tokens=3]]x]]");
    expect(malformed.tokens).toBe(3);
    expect(malformed.fail).toBeUndefined();
    expect(malformed.cut).toBeUndefined();
    expect(stripDirectives("Hello [[tag=a]] world [[tokens=2]]")).toBe("Hello world");
    // The studio sends Markdown, which escapes the brackets.
    expect(stripDirectives("Hello \\[\\[tag=a\\]\\] world")).toBe("Hello world");
    expect(parseScript("\\[\\[echo=1\\]\\] \\[\\[delay=40\\]\\]")).toMatchObject({ echo: true, delay: 40 });
  });
});

describe("discovery endpoints", () => {
  it("lists models and poses as Ollama", async () => {
    const models = await (await fetch(`${upstream.url}/models`)).json();
    expect(models).toEqual({
      object: "list",
      data: [
        { id: "fake-model", object: "model", created: 0, owned_by: "draftwise-tests" },
        { id: "fake-model-small", object: "model", created: 0, owned_by: "draftwise-tests" },
      ],
    });
    const tags = await (await fetch(`http://127.0.0.1:${upstream.port}/api/tags`)).json();
    expect(tags).toEqual({ models: [{ name: "fake-model" }] });
  });
});

describe("plain text completions", () => {
  it("is deterministic and honours tokens", async () => {
    const a = await complete("Tell me a story [[tokens=5]]");
    const b = await complete("Tell me a story [[tokens=5]]");
    expect(a.choices[0]!.message.content).toBe(b.choices[0]!.message.content);
    const content = a.choices[0]!.message.content;
    expect(content.split(" ")).toHaveLength(5);
    expect(content).toMatch(/^[a-z]+( [a-z]+){4}\.$/);
    expect(a).toMatchObject({ object: "chat.completion", model: "fake-model", id: "chatcmpl-fake-1" });
    expect(a.choices[0]!.finish_reason).toBe("stop");
    const prompt = "Tell me a story [[tokens=5]]";
    expect(a.usage).toEqual({ prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: 5, total_tokens: Math.ceil(prompt.length / 4) + 5 });
  });

  it("defaults to 12 tokens and counts every message (string or parts) in prompt_tokens", async () => {
    const res = await chat({
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: [{ type: "text", text: "Part one." }, { type: "text", text: "Part two." }] },
      ],
    });
    const body = (await res.json()) as Completion;
    expect(body.usage.completion_tokens).toBe(12);
    expect(body.usage.prompt_tokens).toBe(Math.ceil(("You are terse.".length + "Part one.".length + "Part two.".length) / 4));
  });

  it("streams the same text as the non-streaming answer, with usage and [DONE]", async () => {
    const prompt = "Stream this [[tokens=6]] [[tag=stream-text]]";
    const whole = await complete(prompt);
    const res = await chat(userSays(prompt, { stream: true, stream_options: { include_usage: true } }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const { events, done, error } = await readSse(res);
    expect(error).toBeUndefined();
    expect(done).toBe(true);
    expect(events[0]!.choices[0]).toEqual({ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null });
    expect(events[0]!.object).toBe("chat.completion.chunk");
    expect(contentChunks(events)).toHaveLength(6);
    expect(contentOf(events)).toBe(whole.choices[0]!.message.content);
    const finish = events.at(-2)!;
    expect(finish.choices[0]).toMatchObject({ delta: {}, finish_reason: "stop" });
    const usage = events.at(-1)!;
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toMatchObject({ completion_tokens: 6 });
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
    const record = recordTagged("stream-text");
    expect(record).toMatchObject({ stream: true, chunksSent: 6, completed: true, aborted: false, status: 200 });
  });

  it("omits the usage chunk unless include_usage is set", async () => {
    const { events } = await readSse(await chat(userSays("x [[tokens=2]]", { stream: true })));
    expect(events.every((e) => e.usage === undefined)).toBe(true);
    expect(events.at(-1)!.choices[0]!.finish_reason).toBe("stop");
  });

  it("applies max_tokens (length) and stop sequences (stop)", async () => {
    const prompt = "Limit me [[tokens=10]]";
    const full = (await complete(prompt)).choices[0]!.message.content;
    const limited = await complete(prompt, { max_completion_tokens: 3 });
    expect(limited.choices[0]!.finish_reason).toBe("length");
    expect(limited.usage.completion_tokens).toBe(3);
    expect(full.startsWith(limited.choices[0]!.message.content)).toBe(true);
    expect((await complete(prompt, { max_tokens: 3 })).choices[0]!.finish_reason).toBe("length");

    const stopWord = full.split(" ")[4]!;
    const stopped = await complete(prompt, { stop: ["zzz-never", ` ${stopWord}`] });
    expect(stopped.choices[0]!.finish_reason).toBe("stop");
    expect(stopped.choices[0]!.message.content).toBe(full.slice(0, full.indexOf(` ${stopWord}`)));
    const streamed = await readSse(await chat(userSays(prompt, { stream: true, stop: ` ${stopWord}` })));
    expect(contentOf(streamed.events)).toBe(stopped.choices[0]!.message.content);
  });

  it("echoes the prompt without directives", async () => {
    const body = await complete("Please rewrite: the cat sat. [[echo=1]] [[tag=e]]");
    expect(body.choices[0]!.message.content).toBe("Please rewrite: the cat sat.");
    const long = await complete(`${"a".repeat(300)} [[echo=1]]`);
    expect(long.choices[0]!.message.content).toBe("a".repeat(200));
  });

  it("echo=text answers with the whole text to edit, without directives or the context around it", async () => {
    const text = Array.from({ length: 120 }, (_, i) => `word${i}`).join(" ");
    const body = await complete(`Context <document>\nother words\n</document>\n\nText to edit:\n<text>\n\\[\\[echo=text\\]\\] ${text}\n\nSecond [[k=1]] paragraph.\n</text>`);
    expect(body.choices[0]!.message.content).toBe(`${text}\n\nSecond paragraph.`);
  });

  it("echo=system answers with every system message, whole and without directives, streamed word by word", async () => {
    const rules = Array.from({ length: 80 }, (_, i) => `rule${i}`).join(" ");
    const messages = [
      { role: "system", content: `You are [[tag=s]] a writer.\n${rules}` },
      { role: "developer", content: [{ type: "text", text: "Voice: warm." }] },
      { role: "user", content: "Write [[echo=system]] something." },
    ];
    const whole = `You are a writer.\n${rules}\n\nVoice: warm.`;
    const json = (await (await chat({ messages })).json()) as Completion;
    expect(json.choices[0]!.message.content).toBe(whole);
    const { events } = await readSse(await chat({ messages, stream: true }));
    const tokens = events.map((e) => e.choices[0]?.delta.content ?? "").filter(Boolean);
    expect(tokens.join("")).toBe(whole);
    expect(tokens.length).toBe(whole.split(/\s+/).length);
  });

  it("uses server defaults when the prompt has no directives", async () => {
    const custom = await startFakeUpstream({ defaults: { tokens: 3 } });
    try {
      const res = await fetch(`${custom.url}/chat/completions`, {
        method: "POST",
        body: JSON.stringify(userSays("no directives here")),
      });
      const body = (await res.json()) as Completion;
      expect(body.usage.completion_tokens).toBe(3);
      expect(custom.requests[0]!.authorization).toBeUndefined();
    } finally {
      await custom.close();
    }
  });
});

describe("vary", () => {
  it("answers the options in turn to requests with the same prompt, and by seed when there is one", async () => {
    expect(parseScript("[[vary= A | B ]]").vary).toEqual(["A", "B"]);
    // As the studio sends it: Markdown escapes the brackets and the bars.
    expect(parseScript("Text \\[\\[vary=One, a.\\|Two b.\\]\\] [[delay=5]]")).toMatchObject({ vary: ["One, a.", "Two b."], delay: 5 });
    const prompt = "pick one [[vary=First answer|Second answer|Third answer]]";
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await complete(prompt)).choices[0]!.message.content);
    expect(answers).toEqual(["First answer", "Second answer", "Third answer", "First answer"]);
    expect((await complete(prompt, { seed: 1 })).choices[0]!.message.content).toBe("Second answer");
    expect((await complete(prompt, { seed: 5 })).choices[0]!.message.content).toBe("Third answer");
  });

  it("streams the option word by word", async () => {
    const res = await chat(userSays("[[vary=one two three]]", { stream: true }));
    const { events } = await readSse(res);
    expect(contentChunks(events)).toEqual(["one ", "two ", "three"]);
  });
});

describe("structured output", () => {
  const Outline = z.object({
    title: z.string().min(1),
    tone: z.enum(["formal", "casual"]),
    sections: z
      .array(
        z.object({
          heading: z.string(),
          wordCount: z.number().int().min(50).max(400),
          bullets: z.array(z.string()).min(1).max(6),
          note: z.string().nullable(),
        }),
      )
      .min(2)
      .max(8),
    confidence: z.number().gt(0).lt(1),
    draft: z.boolean(),
    contact: z.email(),
  });
  const jsonSchema = z.toJSONSchema(Outline);
  const responseFormat = { type: "json_schema", json_schema: { name: "outline", schema: jsonSchema, strict: true } };

  it("returns JSON that validates against the requested schema", async () => {
    const body = await complete("Outline an essay [[tokens=2]]", { response_format: responseFormat });
    const parsed = Outline.parse(JSON.parse(body.choices[0]!.message.content));
    expect(parsed.sections).toHaveLength(4);
    expect(parsed.title.split(" ").length).toBeGreaterThanOrEqual(3);
    expect(parsed.title).toMatch(/^([A-Z][a-z]+ ?){3,5}$/);
    expect(parsed.sections[0]!.bullets[0]).toMatch(/^[A-Z].*\.$/);
    expect(parsed.tone).toBe("formal");
  });

  it("streams the same JSON in ~8-character chunks", async () => {
    const prompt = "Outline an essay [[tag=json-stream]]";
    const whole = (await complete(prompt, { response_format: responseFormat })).choices[0]!.message.content;
    const { events, done } = await readSse(await chat(userSays(prompt, { stream: true, response_format: responseFormat })));
    expect(done).toBe(true);
    const chunks = contentChunks(events);
    expect(chunks.slice(0, -1).every((c) => c.length === 8)).toBe(true);
    expect(chunks.join("")).toBe(whole);
    expect(Outline.safeParse(JSON.parse(chunks.join(""))).success).toBe(true);
    expect(recordTagged("json-stream").chunksSent).toBe(chunks.length);
  });

  it("handles $ref/$defs, anyOf, type arrays, bounds and recursive schemas", () => {
    const schema = {
      type: "object",
      properties: {
        heading: { type: "string" },
        summary: { type: ["string", "null"], minLength: 30, maxLength: 40 },
        short: { type: "string", maxLength: 4 },
        score: { type: "integer", minimum: 5, maximum: 9 },
        step: { type: "number", minimum: 2.5, multipleOf: 0.5 },
        note: { anyOf: [{ type: "null" }, { type: "string" }] },
        kind: { oneOf: [{ type: "string", enum: ["a", "b"] }, { type: "number" }] },
        meta: { $ref: "#/$defs/Meta" },
        tree: { $ref: "#/$defs/Node" },
        tags: { type: "array", items: { type: "string" }, maxItems: 2, uniqueItems: true },
        moods: { type: "array", items: { enum: ["x", "y", "z"] }, minItems: 3, uniqueItems: true },
      },
      required: ["heading", "summary", "short", "score", "step", "note", "kind", "meta", "tree", "tags", "moods"],
      additionalProperties: false,
      $defs: {
        Meta: { allOf: [{ type: "object", properties: { lang: { const: "en" } }, required: ["lang"] }, { properties: { at: { type: "string", format: "date-time" } } }] },
        Node: {
          type: "object",
          properties: { label: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/Node" } } },
          required: ["label"],
        },
      },
    };
    const value = sampleFromSchema(schema, 123);
    expect(z.fromJSONSchema(schema as unknown as Parameters<typeof z.fromJSONSchema>[0]).safeParse(value).success).toBe(true);
    expect(value).toMatchObject({ score: 5, step: 2.5, kind: "a", tags: expect.any(Array), meta: { lang: "en" } });
    expect(JSON.stringify(value).length).toBeLessThan(2000); // recursion stays bounded

    const legacy = sampleFromSchema({ type: "object", properties: { x: { $ref: "#/definitions/X" } }, definitions: { X: { type: "boolean" } } });
    expect(legacy).toEqual({ x: true });
  });

  it("picks array lengths from minItems/maxItems", () => {
    expect(arrayLength(undefined, undefined)).toBe(3);
    expect(arrayLength(2, 8)).toBe(4);
    expect(arrayLength(5, 8)).toBe(5);
    expect(arrayLength(1, 2)).toBe(2);
    expect(arrayLength(6, undefined)).toBe(6);
    expect(arrayLength(undefined, 2)).toBe(2);
  });

  it("answers json_object requests with {text}", async () => {
    const body = await complete("Give JSON [[tokens=4]]", { response_format: { type: "json_object" } });
    const parsed = JSON.parse(body.choices[0]!.message.content) as { text: string };
    expect(parsed.text.split(" ")).toHaveLength(4);
  });
});

describe("scripted failures", () => {
  it("fails the first N requests with the same id, then succeeds", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await chat(userSays(`attempt ${i} [[fail=503x2]] [[id=flaky]]`));
      statuses.push(res.status);
      if (res.status === 503) {
        expect(res.headers.get("retry-after")).toBe("0");
        const body = (await res.json()) as { error: { message: string; type: string; code: string | null } };
        expect(body.error).toMatchObject({ type: "server_error", message: expect.any(String) });
      } else {
        await res.arrayBuffer();
      }
    }
    expect(statuses).toEqual([503, 503, 200]);
    expect(upstream.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("counts by prompt hash without an id, and always fails without a count", async () => {
    const prompt = "rate limited [[fail=429x1]] [[retry_after=7]]";
    const first = await chat(userSays(prompt));
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("7");
    expect(((await first.json()) as { error: { code: string } }).error.code).toBe("rate_limit_exceeded");
    expect((await chat(userSays(prompt))).status).toBe(200);

    for (let i = 0; i < 3; i++) {
      const res = await chat(userSays("broken [[fail=500]]"));
      expect(res.status).toBe(500);
      expect(res.headers.get("retry-after")).toBeNull();
      await res.arrayBuffer();
    }
  });

  it("resets failure counters via POST /__reset", async () => {
    const prompt = "once [[fail=500x1]] [[id=reset-me]]";
    expect((await chat(userSays(prompt))).status).toBe(500);
    expect((await chat(userSays(prompt))).status).toBe(200);
    const reset = await fetch(`http://127.0.0.1:${upstream.port}/__reset`, { method: "POST" });
    expect(reset.status).toBe(200);
    expect(upstream.requests).toHaveLength(0);
    expect((await chat(userSays(prompt))).status).toBe(500);
  });

  it("fails only the models named by fail_model; the others answer and leave the count alone", async () => {
    expect(parseScript("[[fail=503]] [[fail_model=a| b ]]").failModels).toEqual(["a", "b"]);
    expect(parseScript("[[fail=503]] [[fail_model=]]").failModels).toBeUndefined();
    const prompt = "primary down [[fail=503x2]] [[fail_model=fake-model]] [[id=per-model]] [[tokens=2]]";
    const ask = async (model: string) => {
      const res = await chat({ model, ...userSays(prompt) });
      await res.arrayBuffer();
      return res.status;
    };
    expect(await ask("fake-model-small")).toBe(200);
    expect(await ask("fake-model")).toBe(503);
    expect(await ask("fake-model-small")).toBe(200);
    expect(await ask("fake-model")).toBe(503);
    expect(await ask("fake-model")).toBe(200);
    expect(upstream.requests.map((r) => [r.model, r.status])).toEqual([
      ["fake-model-small", 200],
      ["fake-model", 503],
      ["fake-model-small", 200],
      ["fake-model", 503],
      ["fake-model", 200],
    ]);
    // Streaming requests too.
    const streamed = await chat({ model: "fake-model", stream: true, ...userSays("down [[fail=500]] [[fail_model=fake-model]]") });
    expect(streamed.status).toBe(500);
    await streamed.arrayBuffer();
  });

  it("rejects invalid JSON with 400 and unknown paths with 404", async () => {
    const bad = await fetch(`${upstream.url}/chat/completions`, { method: "POST", body: "{not json" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
    const missing = await fetch(`${upstream.url}/embeddings`, { method: "POST", body: "{}" });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { message: expect.any(String) } });
  });

  it("requires the API key only when configured", async () => {
    const secured = await startFakeUpstream({ apiKey: "sk-fake" });
    try {
      const call = (auth?: string) =>
        fetch(`${secured.url}/chat/completions`, {
          method: "POST",
          headers: auth ? { Authorization: auth } : {},
          body: JSON.stringify(userSays("hi [[tokens=1]]")),
        });
      const missing = await call();
      expect(missing.status).toBe(401);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("invalid_api_key");
      expect((await call("Bearer wrong")).status).toBe(401);
      expect((await call("Bearer sk-fake")).status).toBe(200);
      expect(secured.requests.map((r) => r.authorization)).toEqual([undefined, "Bearer wrong", "Bearer sk-fake"]);
    } finally {
      await secured.close();
    }
  });
});

describe("broken and slow streams", () => {
  it("cuts a stream after N chunks without [DONE]", async () => {
    const res = await chat(userSays("cut me [[cut=3]] [[tokens=10]] [[tag=cut]]", { stream: true }));
    expect(res.status).toBe(200);
    const { events, done, error } = await readSse(res);
    expect(error).toMatchObject({ name: "TypeError", message: "terminated" });
    expect(done).toBe(false);
    expect(contentChunks(events)).toHaveLength(3);
    expect(events.some((e) => e.choices[0]?.finish_reason)).toBe(false);
    await waitFor(() => recordTagged("cut").endedAt !== undefined);
    expect(recordTagged("cut")).toMatchObject({ chunksSent: 3, completed: false, aborted: false });
  });

  it("drops the connection without answering in non-streaming cut mode", async () => {
    await expect(chat(userSays("cut [[cut=1]] [[tag=cut-json]]"))).rejects.toThrow("fetch failed");
    expect(recordTagged("cut-json")).toMatchObject({ status: 0, completed: false, aborted: false });
  });

  it("waits `first` ms before the first chunk but sends headers at once", async () => {
    const started = Date.now();
    const res = await chat(userSays("slow start [[first=300]] [[tokens=2]]", { stream: true }));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(250);
    const { done } = await readSse(res);
    expect(done).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("records a client that aborts a hanging stream", async () => {
    const controller = new AbortController();
    const res = await chat(userSays("hang [[hang=1]] [[tag=hang]]", { stream: true }), { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(recordTagged("hang")).toMatchObject({ aborted: false, completed: false });
    controller.abort();
    await waitFor(() => recordTagged("hang").aborted);
    expect(recordTagged("hang")).toMatchObject({ chunksSent: 0, completed: false });
  });

  it("stops sending when the client disconnects mid-stream", async () => {
    const controller = new AbortController();
    const res = await chat(userSays("long [[tokens=200]] [[delay=20]] [[tag=abort]]", { stream: true }), {
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.read();
    controller.abort();
    await waitFor(() => recordTagged("abort").aborted);
    const sent = recordTagged("abort").chunksSent;
    expect(sent).toBeLessThan(10);
    await new Promise((r) => setTimeout(r, 100));
    expect(recordTagged("abort").chunksSent).toBe(sent); // timers were cleared
    expect(recordTagged("abort").completed).toBe(false);
  });

  it("records a client that gives up on a slow non-streaming request", async () => {
    const controller = new AbortController();
    const pending = chat(userSays("slow [[first=5000]] [[tag=slow-json]]"), { signal: controller.signal });
    await waitFor(() => upstream.requests.some((r) => r.tag === "slow-json"));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    await waitFor(() => recordTagged("slow-json").aborted);
    expect(recordTagged("slow-json").status).toBe(0);
  });
});

describe("shutdown", () => {
  it("closes promptly with a hanging request in flight", async () => {
    const temp = await startFakeUpstream();
    const pending = fetch(`${temp.url}/chat/completions`, {
      method: "POST",
      body: JSON.stringify(userSays("[[hang=1]]", { stream: true })),
    }).then((res) => readSse(res));
    await waitFor(() => temp.requests.length === 1 && temp.requests[0]!.status === 200);
    const started = Date.now();
    await temp.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await pending).done).toBe(false);
  });
});

describe("request log", () => {
  it("records every request and serves it on /__requests", async () => {
    await complete("first [[tag=log-a]]", { temperature: 0.3 });
    const res = await chat(userSays("second [[tag=log-b]] [[tokens=1]]", { stream: true, model: "fake-model-small" }));
    await readSse(res);
    await waitFor(() => recordTagged("log-b").completed);

    const log = (await (await fetch(`http://127.0.0.1:${upstream.port}/__requests`)).json()) as RequestRecord[];
    expect(log.map((r) => r.n)).toEqual([1, 2]);
    const [a, b] = log;
    expect(a).toMatchObject({
      path: "/v1/chat/completions",
      model: "fake-model",
      tag: "log-a",
      stream: false,
      status: 200,
      authorization: "Bearer test-key",
      completed: true,
      aborted: false,
      chunksSent: 12,
    });
    expect((a!.body as { temperature: number }).temperature).toBe(0.3);
    expect(a!.endedAt).toBeGreaterThanOrEqual(a!.startedAt);
    expect(b).toMatchObject({ model: "fake-model-small", tag: "log-b", stream: true, chunksSent: 1 });
    // Reading the log is not itself logged.
    expect(upstream.requests).toHaveLength(2);
  });
});
