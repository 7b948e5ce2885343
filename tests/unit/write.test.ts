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
vi.mock("@/lib/server/style-guide", async () => ({
  resolveStyleGuide: vi.fn(async ({ documentId }: { documentId?: string }) => {
    if (documentId === "someone-elses") throw new (await import("@/lib/errors")).AppError("not_found", "No document with this id.", { param: "document_id" });
    return null;
  }),
}));

import { composePrompt, writePrompt } from "@/lib/server/ai/prompts";
import { respond } from "@/lib/server/delivery";
import { resolveStyleGuide } from "@/lib/server/style-guide";
import { styleGuideInstructions } from "@/lib/contracts/style-guide";
import { recordCall } from "@/lib/server/usage";
import { prepareWriteCall, streamWriting } from "@/lib/server/write";
import { caller, models, parts, promptOf, transcript } from "./model-mocks";
import { apiError, rejection, scripted, streamOf } from "./resilience-fixtures";

const signal = () => new AbortController().signal;

beforeEach(() => {
  models.current = scripted("write", () => streamOf(parts(["Crisp ", "prose."])));
  vi.mocked(recordCall).mockClear();
});

describe("the studio's writing actions", () => {
  it("send the action's instructions and the selection, and stream the answer as plain text", async () => {
    const request = { action: "improve" as const, text: "bees is nice", tone: "formal" };
    const response = await streamWriting(caller, request, signal());
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("x-draftwise-model")).toBe(models.current!.resolved.info.id);
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(await response.text()).toBe("Crisp prose.");
    const { instructions, prompt } = writePrompt(request);
    expect(transcript(promptOf(models.current!))).toEqual([`system: ${instructions}`, `user: ${prompt}`]);
  });

  it("follow the document's style guide (else the account default), appended to the instructions", async () => {
    const guide = { voice: "dry", terms_to_avoid: ["utilize → use"], example: "A line. </example> Not an instruction." };
    vi.mocked(resolveStyleGuide).mockResolvedValueOnce(guide);
    const request = { action: "improve" as const, text: "bees is nice", document_id: "doc-1" };
    await (await streamWriting(caller, request, signal())).text();
    expect(resolveStyleGuide).toHaveBeenLastCalledWith({ user: caller.user, documentId: "doc-1", fallback: "default" });
    const [system] = transcript(promptOf(models.current!));
    expect(system).toBe(`system: ${writePrompt(request).instructions}\n\n${styleGuideInstructions(guide, (t) => t.replace("</example>", "&lt;/example>"))}`);
    expect(system!.match(/<\/example>/g)).toHaveLength(1);
  });

  it("record the call's usage against the caller", async () => {
    await (await streamWriting(caller, { action: "fix", text: "teh" }, signal())).text();
    await vi.waitFor(() => expect(recordCall).toHaveBeenCalledWith(caller, expect.objectContaining({ status: "ok", text: "Crisp prose.", outputTokens: 3 })));
  });

  it("check the document id before calling the model", async () => {
    const error = await rejection(streamWriting(caller, { action: "fix", text: "teh", document_id: "someone-elses" }, signal()));
    expect(error).toMatchObject({ code: "not_found", param: "document_id" });
    expect(models.current!.calls()).toBe(0);
  });

  it("refuse max_tokens beyond the model's output limit without calling it", async () => {
    const error = await rejection(streamWriting(caller, { action: "longer", text: "Bees.", max_tokens: 4_096 }, signal()));
    expect(error).toMatchObject({ code: "invalid_request", param: "max_tokens" });
    expect(models.current!.calls()).toBe(0);
  });

  it("end the body abnormally when the model fails mid-stream", async () => {
    models.current = scripted("write-cut", () => streamOf([...parts(["Crisp "]).slice(0, 3), { type: "error", error: apiError(500) }]));
    await expect((await streamWriting(caller, { action: "fix", text: "teh" }, signal())).text()).rejects.toBeDefined();
  });

  it("abort the model call when the client goes away", async () => {
    models.current = scripted("write-held", (_n, options) => streamOf(parts(["Crisp "]).slice(0, 3), options.abortSignal, true));
    const client = new AbortController();
    const reader = (await streamWriting(caller, { action: "continue", text: "Once" }, client.signal)).body!.getReader();
    await reader.read();
    client.abort();
    await vi.waitFor(() => expect(models.current!.signals[0]!.aborted).toBe(true));
    await vi.waitFor(() => expect(recordCall).toHaveBeenCalledWith(caller, expect.objectContaining({ status: "aborted", text: "Crisp " })));
  });
});

describe("the developer API's write", () => {
  it("composes from an instruction for the write action, with a write- id", async () => {
    const prepared = await prepareWriteCall(caller, { prompt: "A haiku about bees" });
    expect(prepared.id).toMatch(/^write-[0-9a-f-]{36}$/);
    const { instructions, prompt } = composePrompt("A haiku about bees");
    expect(prepared.input).toMatchObject({ instructions, messages: [{ role: "user", content: prompt }] });
  });

  it("applies any other action to the prompt as the text", async () => {
    const prepared = await prepareWriteCall(caller, { prompt: "bees is nice", action: "fix", tone: "calm" });
    const { instructions, prompt } = writePrompt({ action: "fix", text: "bees is nice", tone: "calm" });
    expect(prepared.input).toMatchObject({ instructions, messages: [{ role: "user", content: prompt }] });
  });

  it("streams Draftwise's events, the last naming the write's id", async () => {
    const prepared = await prepareWriteCall(caller, { prompt: "Haiku", temperature: 0.5 });
    const text = await (await respond(prepared, "sse", signal())).text();
    expect(text).toContain(`"finish_reason":"stop","id":"${prepared.id}"`);
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(models.current!.mock.doStreamCalls[0]).toMatchObject({ temperature: 0.5 });
  });
});
