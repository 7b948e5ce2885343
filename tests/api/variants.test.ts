import { beforeAll, describe, expect, it } from "vitest";
import { editVariantsResponseSchema } from "@/lib/contracts/edits";
import { v1VariantsCompletionSchema } from "@/lib/contracts/v1";
import type { StudioVariantEvent } from "@/lib/contracts/variants";
import { applyHunks, type TextHunk } from "@/lib/editor/text-hunks";
import { expectApiError, keyOwner, ndjsonLines, sseBlocks, v1 } from "./api-key-helpers";
import { postJson, uniqueTag, upstreamRequests } from "./helpers";

// Variants of one request: `[[vary=…]]` makes the scripted upstream answer each differently
// (with "seed": 0, variant i answers option i); the test app offers fake-model and fake-model-small.

let key: string;
beforeAll(async () => {
  ({ key } = await keyOwner());
});

const write = (body: Record<string, unknown>, headers?: Record<string, string>) => v1("/api/v1/write", { key, body, headers });
const edit = (body: Record<string, unknown>, headers?: Record<string, string>) => v1("/api/v1/edits", { key, body, headers });
const vary = "[[vary=First answer|Second answer|Third answer]]";

type Event = { event?: string; data: Record<string, unknown> };
/** An SSE body's events, parsed, and whether it ended with [DONE]. */
function sseEventsOf(text: string): { events: Event[]; done: boolean } {
  const blocks = sseBlocks(text);
  const done = blocks.at(-1)?.data === "[DONE]";
  const events = (done ? blocks.slice(0, -1) : blocks).map((b) => ({ event: b.event, data: JSON.parse(b.data) as Record<string, unknown> }));
  return { events, done };
}

/** Every variant's streamed write text, by variant index. */
const textsOf = (events: Event[]) =>
  events.reduce<Record<number, string>>((texts, { event, data }) => {
    if (event === undefined) texts[data.variant as number] = (texts[data.variant as number] ?? "") + (data.content as string);
    return texts;
  }, {});

describe("POST /api/v1/write with variants", () => {
  it("answers n variants as JSON, each its own text, model, temperature and usage, with the usage summed", async () => {
    const res = await write({ prompt: `A tagline ${vary}`, n: 3, seed: 0, stream: false });
    expect(res.status).toBe(200);
    const body = v1VariantsCompletionSchema.parse(await res.json());
    expect(body.id).toMatch(/^write-/);
    expect(body.variants.map((v) => ("text" in v ? [v.variant, v.text, v.model, v.temperature] : v))).toEqual([
      [0, "First answer", "fake-model", null],
      [1, "Second answer", "fake-model", null],
      [2, "Third answer", "fake-model", null],
    ]);
    const usages = body.variants.map((v) => ("usage" in v ? v.usage.total_tokens : 0));
    expect(body.usage.total_tokens).toBe(usages.reduce((a, b) => a + b, 0));
    expect(usages.every((t) => t > 0)).toBe(true);
  });

  it("compares models: variant i from models[i] at temperatures[i]", async () => {
    const tag = uniqueTag("variants-models");
    const res = await write({ prompt: `Compare [[tag=${tag}]] [[tokens=3]]`, models: ["fake-model", "fake-model-small"], temperatures: [0.2, 1.1], stream: false });
    expect(res.status).toBe(200);
    const body = v1VariantsCompletionSchema.parse(await res.json());
    expect(body.variants.map((v) => ("temperature" in v ? [v.model, v.temperature, v.finish_reason] : v))).toEqual([
      ["fake-model", 0.2, "stop"],
      ["fake-model-small", 1.1, "stop"],
    ]);
    const sent = (await upstreamRequests(tag)).map((r) => [r.model, (r.body as { temperature: number }).temperature]);
    expect(sent.sort()).toEqual([
      ["fake-model", 0.2],
      ["fake-model-small", 1.1],
    ]);
  });

  it("streams SSE where every event names its variant, each variant ends with done, and end comes last", async () => {
    const res = await write({ prompt: `Stream ${vary}`, n: 3, seed: 0 });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const { events, done } = sseEventsOf(await res.text());
    expect(done).toBe(true);
    for (const { data } of events.slice(0, -1)) expect(data.variant).toEqual(expect.any(Number));
    expect(textsOf(events)).toEqual({ 0: "First answer", 1: "Second answer", 2: "Third answer" });
    const dones = events.filter((e) => e.event === "done").map((e) => e.data);
    expect(dones.map((d) => d.variant).sort()).toEqual([0, 1, 2]);
    for (const d of dones) expect(d).toMatchObject({ content: "", finish_reason: "stop", model: "fake-model", id: expect.stringMatching(/^write-/) });
    // Each variant's done follows its last delta.
    for (const v of [0, 1, 2]) {
      const last = events.findLastIndex((e) => e.event === undefined && e.data.variant === v);
      expect(events.findIndex((e) => e.event === "done" && e.data.variant === v)).toBeGreaterThan(last);
    }
    const end = events.at(-1)!;
    expect(end.event).toBe("end");
    const total = dones.reduce((sum, d) => sum + (d.usage as { total_tokens: number }).total_tokens, 0);
    expect(end.data).toMatchObject({ id: expect.stringMatching(/^write-/), usage: { total_tokens: total } });
  });

  it("streams JSON lines for Accept: application/x-ndjson, named events typed", async () => {
    const res = await write({ prompt: `Lines ${vary}`, models: ["fake-model", "fake-model-small"], seed: 0 }, { Accept: "application/x-ndjson" });
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const lines = ndjsonLines(await res.text());
    expect(lines.at(-1)).toMatchObject({ type: "end", usage: expect.any(Object) });
    expect(lines.filter((l) => l.type === "done").map((l) => [l.variant, l.model]).sort()).toEqual([
      [0, "fake-model"],
      [1, "fake-model-small"],
    ]);
    expect(lines.filter((l) => l.type === undefined).every((l) => typeof l.variant === "number" && l.finish_reason === null)).toBe(true);
  });

  it("reports one variant's failure as its error while the others answer", async () => {
    const prompt = `Half down [[fail=400]] [[fail_model=fake-model-small]] [[tokens=3]]`;
    const json = v1VariantsCompletionSchema.parse(await (await write({ prompt, models: ["fake-model", "fake-model-small"], stream: false })).json());
    expect(json.variants[0]).toMatchObject({ variant: 0, model: "fake-model", finish_reason: "stop" });
    expect(json.variants[1]).toEqual({ variant: 1, model: "fake-model-small", error: { code: expect.any(String), message: expect.any(String) } });
    expect(json.usage).toEqual((json.variants[0] as { usage: unknown }).usage);

    const { events, done } = sseEventsOf(await (await write({ prompt, models: ["fake-model", "fake-model-small"] })).text());
    expect(done).toBe(true);
    expect(events).toContainEqual({ event: "error", data: { variant: 1, error: expect.objectContaining({ code: expect.any(String) }) } });
    expect(events.filter((e) => e.event === "done").map((e) => e.data.variant)).toEqual([0]);
    expect(events.at(-1)!.event).toBe("end");
  });

  it("fails the request with the upstream's status only when every variant fails", async () => {
    const res = await write({ prompt: "All down [[fail=400]]", n: 2, stream: false });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toEqual(expect.any(String));
  });

  it("answers as without variants when the request has none of the fields", async () => {
    const res = await write({ prompt: "Plain [[tokens=3]]", stream: false });
    expect(Object.keys((await res.json()) as object).sort()).toEqual(["content", "finish_reason", "id", "model", "usage"]);
  });

  const badBodies: Array<[string, Record<string, unknown>, string, string]> = [
    ["n: 5", { n: 5 }, "invalid_request", "n"],
    ["n: 0", { n: 0 }, "invalid_request", "n"],
    ["n: 2.5", { n: 2.5 }, "invalid_request", "n"],
    ["models longer than n", { n: 1, models: ["fake-model", "fake-model-small"] }, "invalid_request", "models"],
    ["temperatures longer than n", { n: 2, temperatures: [0, 1, 2] }, "invalid_request", "temperatures"],
    ["five models", { models: Array(5).fill("fake-model") }, "invalid_request", "models"],
    ["a temperature above 2", { temperatures: [2.5] }, "invalid_request", "temperatures.0"],
    ["an unknown model", { models: ["fake-model", "no-such-model"] }, "model_not_found", "models"],
  ];
  it.each(badBodies)("refuses %s with 400 naming the field", async (_name, fields, code, param) => {
    await expectApiError(await write({ prompt: "Hi", ...fields }), 400, code, param);
    await expectApiError(await edit({ text: "Hi there.", action: "fix", ...fields }), 400, code, param);
  });
});

describe("POST /api/v1/edits with variants", () => {
  const text = `The cat sat on the mat. ${vary}`;

  it("answers each variant's text with its hunks against the original", async () => {
    const res = await edit({ text, instruction: "Vary it.", n: 3, seed: 0, stream: false });
    expect(res.status).toBe(200);
    const body = editVariantsResponseSchema.parse(await res.json());
    expect(body.id).toMatch(/^edit-/);
    for (const [i, expected] of ["First answer", "Second answer", "Third answer"].entries()) {
      const variant = body.variants[i]!;
      if (!("hunks" in variant)) throw new Error(`variant ${i} failed`);
      expect(variant).toMatchObject({ variant: i, text: expected, model: "fake-model" });
      expect(applyHunks(text, variant.hunks)).toBe(expected);
    }
  });

  it("streams hunk and done events with variant, then end; with models, each from its model", async () => {
    const res = await edit({ text, instruction: "Vary it.", models: ["fake-model", "fake-model-small"], seed: 0 });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const { events, done } = sseEventsOf(await res.text());
    expect(done).toBe(false);
    for (const { data } of events.slice(0, -1)) expect(data.variant).toEqual(expect.any(Number));
    const dones = events.filter((e) => e.event === "done").map((e) => e.data);
    expect(dones.map((d) => [d.variant, d.model, d.text]).sort()).toEqual([
      [0, "fake-model", "First answer"],
      [1, "fake-model-small", "Second answer"],
    ]);
    for (const v of [0, 1]) {
      const hunks = events.filter((e) => e.event === "hunk" && e.data.variant === v).map(({ data: { variant: _, ...hunk } }) => hunk as unknown as TextHunk);
      expect(applyHunks(text, hunks)).toBe(v === 0 ? "First answer" : "Second answer");
    }
    expect(events.at(-1)).toMatchObject({ event: "end", data: { id: expect.stringMatching(/^edit-/) } });
  });

  it("streams JSON lines typed hunk, done and end for Accept: application/x-ndjson", async () => {
    const lines = ndjsonLines(await (await edit({ text, instruction: "Vary it.", n: 2, seed: 0 }, { Accept: "application/x-ndjson" })).text());
    expect(new Set(lines.map((l) => l.type))).toEqual(new Set(["hunk", "done", "end"]));
    expect(lines.at(-1)!.type).toBe("end");
  });
});

/** Each variant's text from the studio's lines. */
const variantTexts = (events: StudioVariantEvent[]) =>
  events.reduce<string[]>((all, e) => {
    if (e.type === "delta") all[e.variant] = (all[e.variant] ?? "") + e.text;
    return all;
  }, []);

describe("the studio's POST /api/edits with variants", () => {
  it("streams JSON lines: start naming the variants, their deltas, each one's done, then end", async () => {
    const res = await postJson("/api/edits", { text: `A plain sentence. ${vary}`, action: "improve", n: 3, temperatures: [0.3], seed: 0 });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const events = ndjsonLines(await res.text()) as StudioVariantEvent[];
    expect(events[0]).toEqual({
      type: "start",
      variants: [
        { variant: 0, model: "fake-model", temperature: 0.3 },
        { variant: 1, model: "fake-model", temperature: null },
        { variant: 2, model: "fake-model", temperature: null },
      ],
    });
    expect(variantTexts(events)).toEqual(["First answer", "Second answer", "Third answer"]);
    expect(events.filter((e) => e.type === "done").map((e) => e.type === "done" && [e.variant, e.finish_reason]).sort()).toEqual([
      [0, "stop"],
      [1, "stop"],
      [2, "stop"],
    ]);
    expect(events.at(-1)).toEqual({ type: "end" });
  });

  it("reports a failed variant as an error line, the others streaming on", async () => {
    const res = await postJson("/api/edits", {
      text: `Half down. [[fail=400]] [[fail_model=fake-model-small]] [[tokens=3]]`,
      action: "improve",
      models: ["fake-model", "fake-model-small"],
    });
    const events = ndjsonLines(await res.text()) as StudioVariantEvent[];
    expect(events).toContainEqual({ type: "error", variant: 1, code: expect.any(String), message: expect.any(String) });
    expect(events).toContainEqual({ type: "done", variant: 0, finish_reason: "stop" });
    expect(events.at(-1)).toEqual({ type: "end" });
  });

  it("stays a plain text stream for one answer, from models[0] when given", async () => {
    const tag = uniqueTag("studio-one-variant");
    const res = await postJson("/api/edits", { text: `One. [[tag=${tag}]] [[tokens=4]]`, action: "improve", n: 1, models: ["fake-model-small"] });
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect((await res.text()).split(" ")).toHaveLength(4);
    expect((await upstreamRequests(tag))[0]!.model).toBe("fake-model-small");
  });
});

describe("the studio's POST /api/write with variants", () => {
  it("streams the same JSON lines for a continuation in several variants, counted as that many requests", async () => {
    const res = await postJson("/api/write", { action: "continue", text: `Once upon a time ${vary}`, n: 2, seed: 1 });
    expect(res.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const events = ndjsonLines(await res.text()) as StudioVariantEvent[];
    expect(events[0]).toMatchObject({ type: "start", variants: [{ variant: 0 }, { variant: 1 }] });
    expect(variantTexts(events)).toEqual(["Second answer", "Third answer"]);
    expect(events.at(-1)).toEqual({ type: "end" });
  });
});

describe("limits with variants", () => {
  it("counts a request for 4 variants as 4 requests and 4 token estimates against the key's budget", async () => {
    // A guest of its own: the headers report whichever scope (key or account) has least left.
    const { key: budgeted } = await keyOwner(undefined, { limits: { daily_tokens: 100_000 } });
    const body = { prompt: "Budget [[tokens=2]]", n: 4, max_tokens: 50, stream: false };
    const estimate = Math.ceil(JSON.stringify(body).length / 4) + 50;
    const res = await v1("/api/v1/write", { key: budgeted, body });
    expect(res.status).toBe(200);
    const limit = Number(res.headers.get("x-ratelimit-limit-requests"));
    expect(Number(res.headers.get("x-ratelimit-remaining-requests"))).toBe(limit - 4);
    expect(Number(res.headers.get("x-budget-remaining-tokens-daily"))).toBe(100_000 - 4 * estimate);
    expect(res.headers.get("ratelimit")).toMatch(new RegExp(`"key-rpm";r=${limit - 4};`));
    await res.arrayBuffer();

    // One variant: one request.
    const single = await v1("/api/v1/write", { key: budgeted, body: { prompt: "Once [[tokens=2]]", n: 1, stream: false } });
    expect(Number(single.headers.get("x-ratelimit-remaining-requests"))).toBe(limit - 5);
    await single.arrayBuffer();
  });

  it("refuses variants over the key's rate limit, counting each", async () => {
    const { key: limited } = await keyOwner(undefined, { limits: { rpm: 3 } });
    const refused = await v1("/api/v1/edits", { key: limited, body: { text: "Hi there.", action: "fix", n: 4, stream: false } });
    await expectApiError(refused, 429, "rate_limited", "rpm");
    const allowed = await v1("/api/v1/edits", { key: limited, body: { text: "Hi there. [[tokens=2]]", action: "fix", n: 3, stream: false } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    await allowed.arrayBuffer();
  });
});
