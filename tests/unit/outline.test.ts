import { beforeEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.LOG_LEVEL = "silent";
  process.env.MODEL_MAX_RETRIES = "0";
});

vi.mock("@/lib/server/ai/providers", async () => ({ resolveModel: (await import("./model-mocks")).resolveMock }));
vi.mock("@/lib/server/usage", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/usage")>()),
  recordCall: vi.fn(async () => {}),
}));
vi.mock("@/lib/server/style-guide", () => ({ resolveStyleGuide: vi.fn(async () => null) }));

import type { Outline } from "@/lib/contracts/outline";
import { outlinePrompt } from "@/lib/server/ai/prompts";
import { generateOutline, outlineAnswer, streamOutline } from "@/lib/server/outline";
import { recordCall } from "@/lib/server/usage";
import { resolveStyleGuide } from "@/lib/server/style-guide";
import { caller, models, parts, promptOf, tokens, transcript } from "./model-mocks";
import { rejection, scripted, streamOf } from "./resilience-fixtures";

const signal = () => new AbortController().signal;

const outline: Outline = {
  title: "Keeping bees",
  sections: [
    { heading: "Why bees", keyPoints: ["pollination"] },
    { heading: "Hives", keyPoints: ["frames"] },
    { heading: "Honey", keyPoints: ["harvest"] },
  ],
};
const json = JSON.stringify(outline);
const generated = (text: string) => () => ({ content: [{ type: "text", text }], finishReason: { unified: "stop", raw: "stop" }, usage: tokens(40, 25), warnings: [] });

beforeEach(() => {
  models.current = scripted("outline", () => streamOf(parts([json.slice(0, 20), json.slice(20)])), generated(json));
  vi.mocked(recordCall).mockClear();
});

describe("streaming an outline", () => {
  it("asks for the outline's JSON schema and streams the JSON text as it grows", async () => {
    const request = { topic: "Beekeeping", audience: "beginners", length: "short" as const, document_id: "doc-1" };
    const response = await streamOutline(caller, request, signal());
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(JSON.parse(await response.text())).toEqual(outline);
    expect(resolveStyleGuide).toHaveBeenCalledWith({ user: caller.user, documentId: "doc-1", requested: undefined, fallback: "default" });
    const options = models.current!.mock.doStreamCalls[0]!;
    expect(options.responseFormat).toMatchObject({ type: "json", name: "outline", schema: { type: "object", required: ["title", "sections"] } });
    const { instructions, prompt } = outlinePrompt(request);
    expect(transcript(promptOf(models.current!))).toEqual([`system: ${instructions}`, `user: ${prompt}`]);
  });

  it("records the call's usage against the caller", async () => {
    await (await streamOutline(caller, { topic: "Beekeeping" }, signal())).text();
    await vi.waitFor(() => expect(recordCall).toHaveBeenCalledWith(caller, expect.objectContaining({ status: "ok", inputTokens: 14, outputTokens: 3 })));
  });
});

describe("the whole outline", () => {
  it("is parsed and checked against its schema, with an outline- id, the model and the tokens", async () => {
    const answer = await outlineAnswer(caller, { topic: "Beekeeping", sections: 3 }, signal(), "none");
    expect(answer).toEqual({ id: expect.stringMatching(/^outline-[0-9a-f-]{36}$/), outline, model: models.current!.resolved.info.id, usage: { inputTokens: 40, outputTokens: 25 } });
    expect(transcript(promptOf(models.current!, "generate")).join("\n")).toContain("exactly 3 sections");
    await vi.waitFor(() => expect(recordCall).toHaveBeenCalledWith(caller, expect.objectContaining({ status: "ok", inputTokens: 40, outputTokens: 25 })));
  });

  it("is the object alone for the studio", async () => {
    expect(await generateOutline(caller, { topic: "Beekeeping" }, signal())).toEqual(outline);
  });

  it("fails as upstream_error when the model's JSON does not match the schema, and records the failure", async () => {
    models.current = scripted("outline-bad", () => streamOf([]), generated(JSON.stringify({ title: "Bees", sections: [] })));
    const error = await rejection(outlineAnswer(caller, { topic: "Beekeeping" }, signal(), "none"));
    expect(error).toMatchObject({ code: "upstream_error", message: expect.stringMatching(/expected format/) });
    await vi.waitFor(() => expect(recordCall).toHaveBeenCalledWith(caller, expect.objectContaining({ status: "error", errorCode: "upstream_error" })));
  });

  it("is abandoned when the request is aborted, and recorded as aborted", async () => {
    // A provider that answers only when its call is aborted, as a fetch does.
    const waiting = (_n: number, options: { abortSignal?: AbortSignal }) =>
      new Promise((_resolve, reject) => options.abortSignal!.addEventListener("abort", () => reject(options.abortSignal!.reason), { once: true }));
    models.current = scripted("outline-abort", () => streamOf([]), waiting);
    const client = new AbortController();
    const pending = rejection(outlineAnswer(caller, { topic: "Beekeeping" }, client.signal, "none"));
    await vi.waitFor(() => expect(models.current!.calls()).toBe(1));
    client.abort();
    expect(await pending).toBeInstanceOf(Error);
    expect(models.current.signals[0]!.aborted).toBe(true);
    await vi.waitFor(() => expect(recordCall).toHaveBeenCalledWith(caller, expect.objectContaining({ status: "aborted" })));
  });
});
