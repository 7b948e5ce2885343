import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.LOG_LEVEL = "silent";
  process.env.MODEL_MAX_RETRIES = "0";
});

vi.mock("@/lib/server/usage", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/usage")>()),
  recordCall: vi.fn(async () => {}),
}));

import { draftwiseVariantEvents, editVariantEvents, studioVariantLines } from "@/lib/delivery/formats";
import { AppError } from "@/lib/errors";
import { completeVariants, prepareCall, streamVariants, type VariantCall } from "@/lib/server/delivery";
import { generationEnded } from "@/lib/server/delivery/stream";
import { caller, parts, tokens } from "./model-mocks";
import { apiError, rejection, scripted, streamOf, type Scripted } from "./resilience-fixtures";

function variant(model: Scripted, index: number, temperature: number | null = null): VariantCall {
  const prepared = prepareCall({
    id: `answer-${index}`,
    caller,
    resolved: model.resolved,
    messages: [{ role: "user", content: "Autumn, please." }],
    options: {},
  });
  return { prepared, temperature };
}

const live = (deltas: string[]) => scripted("variants", () => streamOf(parts(deltas)));
const broken = () =>
  scripted("variants-400", () => {
    throw apiError(400);
  });
const signal = () => new AbortController().signal;
const lines = async (response: Response) => (await response.text()).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);

describe("streaming variants", () => {
  it("writes the studio's JSON lines: start naming the variants, each one's deltas and done, then end", async () => {
    const a = live(["Falling", " leaves"]);
    const b = live(["Red", " maples"]);
    const response = await streamVariants("edit-1", [variant(a, 0), variant(b, 1, 0.7)], studioVariantLines, { signal: signal() });
    expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const events = await lines(response);
    expect(events[0]).toEqual({
      type: "start",
      variants: [
        { variant: 0, model: a.resolved.info.id, temperature: null },
        { variant: 1, model: b.resolved.info.id, temperature: 0.7 },
      ],
    });
    expect(events.at(-1)).toEqual({ type: "end" });
    const textOf = (v: number) => events.filter((e) => e.type === "delta" && e.variant === v).map((e) => e.text).join("");
    expect(textOf(0)).toBe("Falling leaves");
    expect(textOf(1)).toBe("Red maples");
    expect(events.filter((e) => e.type === "done")).toEqual(
      expect.arrayContaining([
        { type: "done", variant: 0, finish_reason: "stop" },
        { type: "done", variant: 1, finish_reason: "stop" },
      ]),
    );
  });

  it("reports a variant that fails before its first token as its error; the others still answer", async () => {
    const response = await streamVariants("edit-2", [variant(broken(), 0), variant(live(["Fine"]), 1)], studioVariantLines, { signal: signal() });
    const events = await lines(response);
    expect(events).toContainEqual({ type: "error", variant: 0, code: "upstream_error", message: expect.any(String) });
    expect(events).toContainEqual({ type: "delta", variant: 1, text: "Fine" });
    expect(events).toContainEqual({ type: "done", variant: 1, finish_reason: "stop" });
    expect(events.at(-1)).toEqual({ type: "end" });
  });

  it("throws the first failure when every variant fails before its first token", async () => {
    const error = await rejection(streamVariants("edit-3", [variant(broken(), 0), variant(broken(), 1)], studioVariantLines, { signal: signal() }));
    expect(AppError.is(error) && error.code).toBe("upstream_error");
  });

  it("names the variant on every Draftwise SSE event, ends each with done and all with end and [DONE]", async () => {
    const response = await streamVariants("write-1", [variant(live(["A"]), 0), variant(live(["B"]), 1)], draftwiseVariantEvents("sse"), { signal: signal() });
    const text = await response.text();
    const blocks = text.trim().split("\n\n");
    expect(blocks.at(-1)).toBe("data: [DONE]");
    const events = blocks.slice(0, -1).map((block) => {
      const [, name] = /^event: (\w+)\n/.exec(block) ?? [];
      return { name, data: JSON.parse(block.slice(block.indexOf("data: ") + 6)) as Record<string, unknown> };
    });
    expect(events.at(-1)).toEqual({ name: "end", data: { id: "write-1", usage: { prompt_tokens: 28, completion_tokens: 6, total_tokens: 34 } } });
    for (const event of events.slice(0, -1)) expect(event.data.variant).toEqual(expect.any(Number));
    expect(events.filter((e) => e.name === "done").map((e) => e.data.variant).sort()).toEqual([0, 1]);
    expect(events).toContainEqual({ name: undefined, data: { variant: 1, content: "B", finish_reason: null } });
  });

  it("streams each variant's hunks against the original, then its done with the whole text", async () => {
    const response = await streamVariants(
      "edit-4",
      [variant(live(["The dog sat."]), 0), variant(live(["The cat ran."]), 1)],
      editVariantEvents("The cat sat.", "ndjson"),
      { signal: signal() },
    );
    const events = await lines(response);
    expect(events.filter((e) => e.type === "hunk")).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ variant: 0, deleted: "cat", inserted: "dog" }),
        expect.objectContaining({ variant: 1, deleted: "sat", inserted: "ran" }),
      ]),
    );
    expect(events.filter((e) => e.type === "done").map((e) => [e.variant, e.text])).toEqual(
      expect.arrayContaining([
        [0, "The dog sat."],
        [1, "The cat ran."],
      ]),
    );
    expect(events.at(-1)).toEqual({ type: "end", id: "edit-4", usage: expect.objectContaining({ total_tokens: 34 }) });
  });

  it("ends its generation only when every variant has", async () => {
    const response = await streamVariants("edit-5", [variant(live(["A"]), 0), variant(live(["B"]), 1)], studioVariantLines, { signal: signal() });
    const ended = generationEnded(response);
    expect(ended).toBeInstanceOf(Promise);
    await response.text();
    await expect(ended).resolves.toBeUndefined();
  });
});

describe("variants as one JSON answer", () => {
  const generating = (text: string) =>
    scripted(
      "variants-json",
      () => streamOf([]),
      () => ({ content: [{ type: "text", text }], finishReason: { unified: "stop", raw: "stop" }, usage: tokens(10, 2), warnings: [] }),
    );

  it("lists every variant's text or error, and sums the usage of those that answered", async () => {
    const model = generating("Falling leaves");
    const failing = scripted("variants-json-400", () => streamOf([]), () => {
      throw apiError(400);
    });
    const answer = await completeVariants("write-2", [variant(model, 0, 0.2), variant(failing, 1), variant(model, 2)], signal(), (a) => ({
      length: a.text.length,
    }));
    expect(answer).toEqual({
      id: "write-2",
      variants: [
        { variant: 0, model: model.resolved.info.id, temperature: 0.2, text: "Falling leaves", length: 14, finish_reason: "stop", usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 } },
        { variant: 1, model: failing.resolved.info.id, error: { code: "upstream_error", message: expect.any(String) } },
        { variant: 2, model: model.resolved.info.id, temperature: null, text: "Falling leaves", length: 14, finish_reason: "stop", usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 } },
      ],
      usage: { prompt_tokens: 20, completion_tokens: 4, total_tokens: 24 },
    });
  });
});
