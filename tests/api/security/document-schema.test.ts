import { beforeAll, describe, expect, it } from "vitest";
import type { DocumentContent, DocumentJson } from "@/lib/contracts/documents";
import { everyNodeDocument } from "../../fixtures/editor-document";
import { expectError } from "../helpers";
import { Session, guestSession } from "../session";

const text = (value: string, ...marks: { type: string; attrs?: Record<string, unknown> }[]) => ({ type: "text", text: value, ...(marks.length ? { marks } : {}) });
const paragraph = (...content: unknown[]) => ({ type: "paragraph", content });
const doc = (...content: unknown[]) => ({ type: "doc", content });

let writer: Session;
let saved: DocumentJson;

beforeAll(async () => {
  writer = await guestSession();
  const res = await writer.json("/api/documents", { title: "Schema" });
  expect(res.status).toBe(201);
  saved = ((await res.json()) as { document: DocumentJson }).document;
});

const create = (content: unknown) => writer.json("/api/documents", { content });
/** An autosave: always on the document's first version, so a refused one leaves it there. */
const autosave = (content: unknown) => writer.json(`/api/documents/${saved.id}`, { base_version: saved.version, content }, { method: "PATCH" });

/** Both ways a document's JSON comes in refuse it with 400 naming where it breaks the schema. */
async function expectRefused(content: unknown, param: string) {
  await expectError(await create(content), 400, "invalid_request", param);
  await expectError(await autosave(content), 400, "invalid_request", param);
}

describe("documents are checked against the editor's schema", () => {
  it("refuses a node type the editor doesn't know (it would open blank and autosave over it)", async () => {
    await expectRefused(doc(paragraph(text("Intro")), paragraph(), paragraph(), { type: "iframe", attrs: { src: "https://evil.test" } }), "content.content.3.type");
  });

  it("refuses a mark type the editor doesn't know", async () => {
    await expectRefused(doc(paragraph(text("a"), text("b", { type: "bold" }, { type: "onclick", attrs: { js: "alert(1)" } }))), "content.content.0.content.1.marks.1.type");
  });

  it("refuses attributes the schema doesn't have and values the editor can't hold", async () => {
    await expectRefused(doc({ type: "heading", attrs: { level: 99 }, content: [text("Huge")] }), "content.content.0.attrs.level");
    await expectRefused(doc({ type: "paragraph", attrs: { style: "position:fixed" }, content: [text("x")] }), "content.content.0.attrs.style");
    await expectRefused(doc(paragraph(text("click", { type: "link", attrs: { href: "javascript:alert(document.cookie)" } }))), "content.content.0.content.0.marks.0.attrs.href");
  });

  it("refuses content the schema's nesting rules don't allow", async () => {
    await expectRefused(doc({ type: "listItem", content: [paragraph(text("orphan"))] }), "content.content.0");
    await expectRefused(doc(paragraph({ type: "heading", attrs: { level: 1 }, content: [text("inside")] })), "content.content.0.content.0");
  });

  it("refuses attributes nested 10,000 levels deep with a quick 400, not a 500", async () => {
    // Written out: JSON.stringify itself would run out of stack.
    const deep = `${'{"a":'.repeat(10_000)}"x"${"}".repeat(10_000)}`;
    const content = `{"type":"doc","content":[{"type":"heading","attrs":{"level":${deep}},"content":[{"type":"text","text":"x"}]}]}`;
    const post = (path: string, method: string, body: string) => writer.fetch(path, { method, headers: { "Content-Type": "application/json" }, body });
    const started = Date.now();
    await expectError(await post("/api/documents", "POST", `{"content":${content}}`), 400, "invalid_request", "content.content.0.attrs.level");
    await expectError(await post(`/api/documents/${saved.id}`, "PATCH", `{"base_version":${saved.version},"content":${content}}`), 400, "invalid_request", "content.content.0.attrs.level");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((await writer.json(`/api/documents/${saved.id}`)).status).toBe(200);
  });

  it("refuses oversized documents: an attribute too long, more nodes than any real document", async () => {
    await expectRefused(doc(paragraph(text("link", { type: "link", attrs: { href: `https://x.test/${"a".repeat(20_000)}` } }))), "content.content.0.content.0.marks.0.attrs.href");
    const many = { type: "doc", content: Array.from({ length: 200_001 }, () => ({ type: "paragraph" })) };
    await expectRefused(many, "content");
  });

  it("still saves a document with every node and mark type the editor makes, exactly as sent", async () => {
    const content = everyNodeDocument();
    const res = await create(content);
    expect(res.status).toBe(201);
    const created = ((await res.json()) as { document: DocumentJson }).document;
    expect(created.content).toEqual(content);
    const patched = await writer.json(`/api/documents/${created.id}`, { base_version: created.version, content: { ...content, content: [...content.content!].reverse() } as DocumentContent }, { method: "PATCH" });
    expect(patched.status).toBe(200);
  });
});
