import { beforeAll, describe, expect, it } from "vitest";
import { editDoneEventSchema, editResponseSchema, textHunkSchema } from "@/lib/contracts/edits";
import { limits } from "@/lib/contracts/limits";
import { applyHunks, diffHunks, type TextHunk } from "@/lib/editor/text-hunks";
import { createKey, expectApiError, keyOwner, ndjsonLines, sseBlocks, v1 } from "./api-key-helpers";
import { expectError, postJson, uniqueTag, upstreamRequests, waitFor } from "./helpers";
import type { Session } from "./session";

let key: string;
let session: Session;
beforeAll(async () => {
  ({ key, session } = await keyOwner());
});

const edit = (body: unknown, headers?: Record<string, string>) => v1("/api/v1/edits", { key, body, headers });

// The scripted upstream echoes the prompt it got (directives removed): the framed text, a
// changed version of the original with a prefix and suffix added, so the answer has real hunks.
const echoed = (words: string, extra = "") => `${words} [[echo=1]]${extra}`;
const sentence = "Draftwise keeps every change visible so the writer decides what stays in the text";

type Sent = { messages: { role: string; content: string }[] };
const sentBody = async (tag: string) => (await upstreamRequests(tag))[0]!.body as Sent;

function expectHunksOf(original: string, text: string, hunks: TextHunk[]) {
  expect(hunks.length).toBeGreaterThan(0);
  hunks.forEach((h, i) => expect(textHunkSchema.parse(h)).toEqual({ ...h, id: `h${i + 1}` }));
  expect(applyHunks(original, hunks)).toBe(text);
  expect(hunks).toEqual(diffHunks(original, text));
}

describe("POST /api/v1/edits", () => {
  it("answers the edited text and hunks that reproduce it for stream: false", async () => {
    const text = echoed(sentence);
    const res = await edit({ text, instruction: "Tighten it.", stream: false });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.headers.get("x-draftwise-model")).toBe("fake-model");
    const body = editResponseSchema.parse(await res.json());
    expect(body).toMatchObject({ model: "fake-model", finish_reason: "stop", id: expect.stringMatching(/^edit-/) });
    expect(body.text).toContain(sentence);
    expectHunksOf(text, body.text, body.hunks);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it("streams hunk events then done by default, the same hunks as the JSON answer", async () => {
    const text = echoed(sentence);
    const res = await edit({ text, action: "fix" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const blocks = sseBlocks(await res.text());
    expect(blocks.at(-1)!.event).toBe("done");
    expect(blocks.slice(0, -1).every((b) => b.event === "hunk")).toBe(true);
    const done = editDoneEventSchema.parse(JSON.parse(blocks.at(-1)!.data));
    expect(done).toMatchObject({ model: "fake-model", finish_reason: "stop" });
    expect(done.usage.completion_tokens).toBeGreaterThan(0);
    expectHunksOf(text, done.text, blocks.slice(0, -1).map((b) => JSON.parse(b.data) as TextHunk));
  });

  it("sends a hunk as soon as the answer has moved past it, before the answer ends", async () => {
    const text = echoed(sentence, " [[delay=60]]");
    const res = await edit({ text, instruction: "Tighten it." });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = "";
    let hunkBeforeDone = false;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (received.includes("event: hunk") && !received.includes("event: done")) hunkBeforeDone = true;
      received += value;
    }
    expect(hunkBeforeDone).toBe(true);
    const blocks = sseBlocks(received);
    const done = editDoneEventSchema.parse(JSON.parse(blocks.at(-1)!.data));
    expectHunksOf(text, done.text, blocks.slice(0, -1).map((b) => JSON.parse(b.data) as TextHunk));
  });

  it("streams JSON lines typed hunk and done for Accept: application/x-ndjson", async () => {
    const text = echoed(sentence);
    const res = await edit({ text, instruction: "Tighten it." }, { Accept: "application/x-ndjson" });
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const lines = ndjsonLines(await res.text());
    expect(lines.at(-1)!.type).toBe("done");
    expect(lines.slice(0, -1).every((l) => l.type === "hunk")).toBe(true);
    const done = editDoneEventSchema.parse(lines.at(-1));
    expectHunksOf(text, done.text, lines.slice(0, -1).map(({ type: _type, ...hunk }) => hunk as unknown as TextHunk));
  });

  it("asks the model for the whole edited Markdown, with the instruction or the action's task", async () => {
    const tag = uniqueTag("edit-prompt");
    await (await edit({ text: `# Title\n\n**Bold** claim. [[tag=${tag}]]`, instruction: "Use British spelling.", stream: false })).json();
    const sent = await sentBody(tag);
    expect(sent.messages[0]!.content).toMatch(/British spelling/);
    expect(sent.messages[0]!.content).toMatch(/complete edited text in Markdown/);
    expect(sent.messages.at(-1)!.content).toContain("# Title\n\n**Bold** claim.");

    const toneTag = uniqueTag("edit-tone");
    await (await edit({ text: `We regret the delay. [[tag=${toneTag}]]`, action: "tone", tone: "playful", stream: false })).json();
    expect((await sentBody(toneTag)).messages[0]!.content).toMatch(/playful tone/);
  });

  it("takes an instruction with the custom action", async () => {
    const res = await edit({ text: echoed(sentence), action: "custom", instruction: "Tighten it.", stream: false });
    expect(res.status).toBe(200);
  });

  const invalid: Array<[string, unknown, string]> = [
    ["neither an instruction nor an action", { text: "Some text." }, "instruction"],
    ["both an instruction and an action", { text: "Some text.", instruction: "Shorter.", action: "fix" }, "instruction"],
    ["the custom action without an instruction", { text: "Some text.", action: "custom" }, "instruction"],
    ["the tone action without a tone", { text: "Some text.", action: "tone" }, "tone"],
    ["an action that adds text instead of editing it", { text: "Some text.", action: "continue" }, "action"],
    ["a missing text", { instruction: "Shorter." }, "text"],
    ["a whitespace-only text", { text: " \n ", instruction: "Shorter." }, "text"],
    [`a text over ${limits.documentChars} characters`, { text: "x".repeat(limits.documentChars + 1), instruction: "Shorter." }, "text"],
    [`an instruction over ${limits.instructionChars} characters`, { text: "Some text.", instruction: "x".repeat(limits.instructionChars + 1) }, "instruction"],
    ["a style_guide that is no guide", { text: "Some text.", instruction: "Shorter.", style_guide: 7 }, "style_guide"],
    ["a temperature above 2", { text: "Some text.", instruction: "Shorter.", temperature: 3 }, "temperature"],
  ];
  it.each(invalid)("answers 400 invalid_request for %s, naming the field", async (_name, body, param) => {
    await expectApiError(await edit(body), 400, "invalid_request", param);
  });

  it("answers 400 when max_tokens exceeds the model's output limit", async () => {
    await expectApiError(await edit({ text: "x", instruction: "y", max_tokens: 4096 }), 400, "invalid_request", "max_tokens");
  });

  it("answers 401 without a key and to a session cookie alone", async () => {
    await expectApiError(await v1("/api/v1/edits", { body: { text: "x", instruction: "y" } }), 401, "unauthorized");
    await expectApiError(await session.json("/api/v1/edits", { text: "x", instruction: "y" }), 401, "unauthorized");
  });

  it("answers 429 past the key's rate limit", async () => {
    const limited = await createKey(session, { limits: { rpm: 1 } });
    const call = () => v1("/api/v1/edits", { key: limited.key, body: { text: echoed(sentence), instruction: "y", stream: false } });
    expect((await call()).status).toBe(200);
    await expectApiError(await call(), 429, "rate_limited", "rpm");
  });

  it("answers 502 when the provider keeps failing", async () => {
    await expectApiError(await edit({ text: `Hi [[fail=502]] [[id=${uniqueTag("e502")}]]`, instruction: "y" }), 502, "upstream_error");
  });

  it("ends a stream cut mid-way with an error event and no done", async () => {
    const res = await edit({ text: `${sentence} [[echo=1]] [[cut=4]] [[id=${uniqueTag("ecut")}]]`, instruction: "y" });
    const blocks = sseBlocks(await res.text());
    expect(blocks.at(-1)!.event).toBe("error");
    expect(blocks.some((b) => b.event === "done")).toBe(false);
  });

  it("records each call in the key owner's usage", async () => {
    const owner = await keyOwner();
    await (await v1("/api/v1/edits", { key: owner.key, body: { text: echoed(sentence), instruction: "y", stream: false } })).json();
    await (await v1("/api/v1/edits", { key: owner.key, body: { text: echoed(sentence), instruction: "y" } })).text();
    const totals = await waitFor(async () => {
      const usage = (await (await owner.session.json("/api/usage?days=1")).json()) as { totals: { calls: number; completion_tokens: number } };
      return usage.totals.calls === 2 ? usage.totals : undefined;
    });
    expect(totals.completion_tokens).toBeGreaterThan(0);
  });
});

describe("POST /api/edits", () => {
  it("streams the edited text as plain text for the studio's editor", async () => {
    const tag = uniqueTag("studio-edit");
    const res = await postJson("/api/edits", { text: `The quick brown fox. [[tag=${tag}]] [[tokens=6]]`, action: "improve" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect((await res.text()).split(" ")).toHaveLength(6);
    expect((await sentBody(tag)).messages[0]!.content).toMatch(/Improve the text/);
  });

  it("answers 404 for a document_id that is not the writer's", async () => {
    await expectError(await postJson("/api/edits", { text: "x", instruction: "y", document_id: crypto.randomUUID() }), 404, "not_found");
  });

  it("answers 400 for the API's stream field, naming it", async () => {
    await expectError(await postJson("/api/edits", { text: "x", instruction: "y", stream: false }), 400, "invalid_request", "stream");
  });
});
