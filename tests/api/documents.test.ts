import { randomUUID } from "node:crypto";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentContent, DocumentJson, DocumentSummaryJson, VersionJson, VersionSummaryJson } from "@/lib/contracts/documents";
import { startApp, type AppServer } from "../fixtures/app-server";
import { trackedChanges } from "../fixtures/docx";
import { expectError } from "./helpers";
import { Session, guestSession } from "./session";

type Node = NonNullable<DocumentContent["content"]>[number];
const text = (value: string, ...marks: { type: string; attrs?: Record<string, unknown> }[]): Node => ({
  type: "text",
  text: value,
  ...(marks.length ? { marks } : {}),
});
const paragraph = (...content: Node[]): Node => ({ type: "paragraph", content });
const heading = (level: number, value: string): Node => ({ type: "heading", attrs: { level }, content: [text(value)] });
const docOf = (...content: Node[]): DocumentContent => ({ type: "doc", content });
const words = (value: string) => docOf(paragraph(text(value)));
/** A pending AI suggestion's mark with its run facts, as the studio saves it. */
const trackedMark = (kind: string, id: string) => ({
  type: "suggestion",
  attrs: { kind, id, runId: "run1", conflict: false, action: "improve", model: "test-model", instruction: "Tone: formal", createdAt: "2026-12-06T14:30:05.123Z" },
});
const tag = (name: string) => `${name}${Math.random().toString(36).slice(2, 8)}`;

async function create(session: Session, body: Record<string, unknown> = {}): Promise<DocumentJson> {
  const res = await session.json("/api/documents", body);
  expect(res.status).toBe(201);
  return ((await res.json()) as { document: DocumentJson }).document;
}

const patch = (session: Session, id: string, body: Record<string, unknown>) => session.json(`/api/documents/${id}`, body, { method: "PATCH" });

async function saved(res: Response): Promise<DocumentJson> {
  expect(res.status).toBe(200);
  return ((await res.json()) as { document: DocumentJson }).document;
}

async function list(session: Session, query = ""): Promise<DocumentSummaryJson[]> {
  const res = await session.json(`/api/documents${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { documents: DocumentSummaryJson[] }).documents;
}

async function versions(session: Session, id: string): Promise<VersionSummaryJson[]> {
  const res = await session.json(`/api/documents/${id}/versions`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { versions: VersionSummaryJson[] }).versions;
}

/** A 409 keeps the standard error and adds the current document. */
async function expectConflict(res: Response): Promise<DocumentJson> {
  const body = (await res.clone().json()) as { current: DocumentJson };
  await expectError(res, 409, "version_conflict");
  return body.current;
}

let alice: Session;
let bob: Session;

beforeAll(async () => {
  [alice, bob] = await Promise.all([guestSession(), guestSession()]);
});

describe("documents API: status codes every route can return", () => {
  const id = randomUUID();

  it.each([
    ["GET", "/api/documents/not-a-uuid"],
    ["PATCH", "/api/documents/not-a-uuid"],
    ["DELETE", "/api/documents/123"],
    ["POST", "/api/documents/not-a-uuid/restore"],
    ["GET", "/api/documents/not-a-uuid/versions"],
    ["GET", `/api/documents/${id}/versions/not-a-uuid`],
    ["POST", `/api/documents/${id}/versions/not-a-uuid/restore`],
    ["GET", "/api/documents/not-a-uuid/export?format=md"],
  ])("answers a malformed id with 404 not_found like a missing one: %s %s", async (method, path) => {
    const needsBody = method === "POST" || method === "PATCH";
    const res = await alice.json(path, needsBody ? { base_version: 1, title: "x" } : undefined, { method });
    await expectError(res, 404, "not_found");
  });

  it("answers a missing document with 404 not_found on every route", async () => {
    const missing = randomUUID();
    await expectError(await alice.json(`/api/documents/${missing}`), 404, "not_found");
    await expectError(await patch(alice, missing, { base_version: 1, title: "x" }), 404, "not_found");
    await expectError(await alice.json(`/api/documents/${missing}`, undefined, { method: "DELETE" }), 404, "not_found");
    await expectError(await alice.json(`/api/documents/${missing}?permanent=true`, undefined, { method: "DELETE" }), 404, "not_found");
    await expectError(await alice.json(`/api/documents/${missing}/restore`, {}), 404, "not_found");
    await expectError(await alice.json(`/api/documents/${missing}/versions`), 404, "not_found");
    await expectError(await alice.json(`/api/documents/${missing}/versions/${randomUUID()}`), 404, "not_found");
    await expectError(await alice.json(`/api/documents/${missing}/versions/${randomUUID()}/restore`, {}), 404, "not_found");
    await expectError(await alice.json(`/api/documents/${missing}/export?format=docx`), 404, "not_found");
  });

  it("refuses invalid bodies and queries with 400 naming the field", async () => {
    const doc = await create(alice);
    await expectError(await alice.json("/api/documents", { title: "x", color: "red" }), 400, "invalid_request", "color");
    await expectError(await alice.json("/api/documents", { content: { type: "paragraph" } }), 400, "invalid_request", "content.type");
    await expectError(await alice.json("/api/documents", { title: "x".repeat(201) }), 400, "invalid_request", "title");
    // Nested deeper than any editor makes: refused before it can exhaust the server's stack.
    const deep = `{"content":{"type":"doc","content":[${'{"type":"blockquote","content":['.repeat(5000)}${"]}".repeat(5000)}]}}`;
    const tooDeep = await alice.fetch("/api/documents", { method: "POST", headers: { "Content-Type": "application/json" }, body: deep });
    await expectError(tooDeep, 400, "invalid_request", "content");
    await expectError(await patch(alice, doc.id, { title: "no base version" }), 400, "invalid_request", "base_version");
    await expectError(await patch(alice, doc.id, { base_version: 1 }), 400, "invalid_request", "content");
    await expectError(await patch(alice, doc.id, { base_version: 1, title: "t", snapshot: { label: "x", source: "robot" } }), 400, "invalid_request", "snapshot.source");
    await expectError(await alice.json(`/api/documents/${doc.id}/versions/${randomUUID()}/restore`, { base_version: "1" }), 400, "invalid_request", "base_version");
    await expectError(await alice.json("/api/documents?limit=0"), 400, "invalid_request", "limit");
    await expectError(await alice.json("/api/documents?trash=maybe"), 400, "invalid_request", "trash");
    await expectError(await alice.json(`/api/documents/${doc.id}?permanent=yes`, undefined, { method: "DELETE" }), 400, "invalid_request", "permanent");
  });
});

describe("documents API: lifecycle", () => {
  it("creates a document at version 1 with a Created snapshot", async () => {
    const content = docOf(heading(1, "Opening"), paragraph(text("The tide came in.")));
    const doc = await create(alice, { title: "  Tides  ", content });
    expect(doc).toMatchObject({ title: "Tides", version: 1, deleted_at: null, content, snippet: "Opening The tide came in." });
    expect(new Date(doc.created_at).toISOString()).toBe(doc.created_at);
    expect(doc.updated_at).toBe(doc.created_at);
    const [created, ...rest] = await versions(alice, doc.id);
    expect(rest).toEqual([]);
    expect(created).toMatchObject({ version: 1, title: "Tides", label: "Created", source: "create", chars: "Opening\n\nThe tide came in.".length });
  });

  it("names a document without a title after its first line, and an empty one Untitled", async () => {
    const empty = await create(alice);
    expect(empty).toMatchObject({ title: "Untitled", title_source: "automatic", version: 1, snippet: "", content: { type: "doc", content: [{ type: "paragraph" }] } });
    const named = await create(alice, { content: docOf(paragraph(), heading(2, "A heading first"), paragraph(text("Body"))) });
    expect(named.title).toBe("A heading first");
  });

  it("lists newest first, searches title and text case-insensitively, renames, trashes, restores and deletes forever", async () => {
    const inTitle = tag("zebra");
    const inText = tag("quokka");
    const first = await create(alice, { title: `Notes on ${inTitle}`, content: words("Nothing special.") });
    const second = await create(alice, { title: "Field diary", content: words(`Saw a ${inText} today.`) });

    const all = await list(alice);
    expect(all.findIndex((d) => d.id === second.id)).toBeLessThan(all.findIndex((d) => d.id === first.id));
    expect((await list(alice, `?q=${inTitle.toUpperCase()}`)).map((d) => d.id)).toEqual([first.id]);
    const byText = await list(alice, `?q=${encodeURIComponent(`a ${inText}`)}`);
    expect(byText.map((d) => d.id)).toEqual([second.id]);
    expect(byText[0]).toMatchObject({ title: "Field diary", snippet: `Saw a ${inText} today.`, version: 1 });
    expect(byText[0]).not.toHaveProperty("content");
    expect(await list(alice, "?limit=1")).toHaveLength(1);

    const renamed = await saved(await patch(alice, first.id, { base_version: 1, title: `Renamed ${inTitle}` }));
    expect(renamed).toMatchObject({ title: `Renamed ${inTitle}`, version: 2, content: words("Nothing special.") });
    expect((await list(alice))[0]!.id).toBe(first.id);

    const trashed = await saved(await alice.json(`/api/documents/${first.id}`, undefined, { method: "DELETE" }));
    expect(Math.abs(Date.parse(trashed.deleted_at!) - Date.now())).toBeLessThan(60_000);
    expect(trashed.version).toBe(2);
    expect((await list(alice, `?q=${inTitle}`)).map((d) => d.id)).toEqual([]);
    const trash = await list(alice, `?trash=true&q=${inTitle}`);
    expect(trash.map((d) => d.id)).toEqual([first.id]);
    expect(trash[0]!.deleted_at).toBe(trashed.deleted_at);
    expect((await list(alice, "?trash=true")).every((d) => d.deleted_at !== null)).toBe(true);

    // A trashed document can still be saved (an open tab keeps autosaving).
    expect((await saved(await patch(alice, first.id, { base_version: 2, content: words("Edited in the trash.") }))).version).toBe(3);

    const live = await alice.json(`/api/documents/${second.id}?permanent=true`, undefined, { method: "DELETE" });
    await expectError(live, 400, "invalid_request", "permanent");

    const restored = await saved(await alice.json(`/api/documents/${first.id}/restore`, {}));
    expect(restored).toMatchObject({ deleted_at: null, version: 3 });
    expect((await list(alice, `?q=${inTitle}`)).map((d) => d.id)).toEqual([first.id]);

    await saved(await alice.json(`/api/documents/${first.id}`, undefined, { method: "DELETE" }));
    const gone = await alice.fetch(`/api/documents/${first.id}?permanent=true`, { method: "DELETE" });
    expect(gone.status).toBe(204);
    expect(await gone.text()).toBe("");
    await expectError(await alice.json(`/api/documents/${first.id}`), 404, "not_found");
    await expectError(await alice.json(`/api/documents/${first.id}/versions`), 404, "not_found");
    expect((await list(alice, `?trash=true&q=${inTitle}`)).map((d) => d.id)).toEqual([]);
  });

  it("searches for %, _ and backslash literally", async () => {
    const carol = await guestSession();
    const percent = await create(carol, { title: "100% sure" });
    const underscore = await create(carol, { content: words("snake_case names") });
    const backslash = await create(carol, { title: "C:\\path" });
    await create(carol, { title: "Plain title", content: words("nothing to see") });
    expect((await list(carol, "?q=%25")).map((d) => d.id)).toEqual([percent.id]);
    expect((await list(carol, "?q=_")).map((d) => d.id)).toEqual([underscore.id]);
    expect((await list(carol, `?q=${encodeURIComponent("\\")}`)).map((d) => d.id)).toEqual([backslash.id]);
    expect(await list(carol, "?q=no-such-words")).toEqual([]);
  });

  it("returns the document with the conversations about it", async () => {
    const doc = await create(alice, { title: "With chat" });
    const res = await alice.json("/api/conversations", { document_id: doc.id, title: "About the draft" });
    expect(res.status).toBe(201);
    const { conversation } = (await res.json()) as { conversation: { id: string } };
    const opened = (await (await alice.json(`/api/documents/${doc.id}`)).json()) as { document: DocumentJson; conversations: unknown[] };
    expect(opened.document).toEqual(doc);
    expect(opened.conversations).toEqual([
      expect.objectContaining({ id: conversation.id, document_id: doc.id, title: "About the draft", created_at: expect.any(String), updated_at: expect.any(String) }),
    ]);
  });
});

describe("documents API: saving and versions", () => {
  it("bumps the version on every autosave without a new snapshot within ten minutes", async () => {
    const doc = await create(alice, { title: "Draft", content: words("one") });
    const second = await saved(await patch(alice, doc.id, { base_version: 1, content: words("one two") }));
    expect(second).toMatchObject({ version: 2, title: "Draft", content: words("one two"), snippet: "one two" });
    expect(Date.parse(second.updated_at)).toBeGreaterThan(Date.parse(doc.updated_at));
    const third = await saved(await patch(alice, doc.id, { base_version: 2, content: words("one two three") }));
    expect(third.version).toBe(3);
    expect((await versions(alice, doc.id)).map((v) => v.label)).toEqual(["Created"]);
    const opened = (await (await alice.json(`/api/documents/${doc.id}`)).json()) as { document: DocumentJson };
    expect(opened.document).toEqual(third);
  });

  it("refuses a save based on a stale version with 409 and the current document", async () => {
    const doc = await create(alice, { title: "Shared", content: words("base") });
    const mine = await saved(await patch(alice, doc.id, { base_version: 1, content: words("from tab one") }));
    const current = await expectConflict(await patch(alice, doc.id, { base_version: 1, content: words("from tab two") }));
    expect(current).toEqual(mine);
    const opened = (await (await alice.json(`/api/documents/${doc.id}`)).json()) as { document: DocumentJson };
    expect(opened.document.content).toEqual(words("from tab one"));
    await expectConflict(await patch(alice, doc.id, { base_version: 7, title: "Ahead of the server" }));
  });

  it("keeps a named snapshot for an AI edit, and the state it replaced", async () => {
    const doc = await create(alice, { title: "Essay", content: words("draft") });
    await saved(await patch(alice, doc.id, { base_version: 1, content: words("draft, typed on") }));
    const edited = await saved(
      await patch(alice, doc.id, { base_version: 2, content: words("A polished draft."), snapshot: { label: "AI: Improve", source: "ai" } }),
    );
    expect(edited.version).toBe(3);
    const history = await versions(alice, doc.id);
    expect(history.map((v) => [v.version, v.label, v.source])).toEqual([
      [3, "AI: Improve", "ai"],
      [2, "Autosave", "autosave"],
      [1, "Created", "create"],
    ]);
    expect(history[0]!.chars).toBe("A polished draft.".length);
  });

  it("gets a version's content and restores it as a new version, keeping the replaced state and the current title", async () => {
    const doc = await create(alice, { title: "First title", content: words("version one") });
    await saved(await patch(alice, doc.id, { base_version: 1, title: "Second title", content: words("version two") }));
    const [created] = await versions(alice, doc.id);

    const res = await alice.json(`/api/documents/${doc.id}/versions/${created!.id}`);
    expect(res.status).toBe(200);
    const { version } = (await res.json()) as { version: VersionJson };
    expect(version).toMatchObject({ id: created!.id, version: 1, title: "First title", label: "Created", content: words("version one") });

    await expectConflict(await alice.json(`/api/documents/${doc.id}/versions/${created!.id}/restore`, { base_version: 1 }));

    const restored = await saved(await alice.json(`/api/documents/${doc.id}/versions/${created!.id}/restore`, { base_version: 2 }));
    expect(restored).toMatchObject({ version: 3, title: "Second title", content: words("version one"), snippet: "version one" });

    const history = await versions(alice, doc.id);
    expect(history.map((v) => [v.version, v.label, v.source])).toEqual([
      [3, "Restored version 1", "restore"],
      [2, "Before restoring version 1", "autosave"],
      [1, "Created", "create"],
    ]);
    const replaced = (await (await alice.json(`/api/documents/${doc.id}/versions/${history[1]!.id}`)).json()) as { version: VersionJson };
    expect(replaced.version).toMatchObject({ title: "Second title", content: words("version two") });

    // Without base_version the restore applies to whatever is current.
    const again = await saved(await alice.json(`/api/documents/${doc.id}/versions/${created!.id}/restore`, { restore_title: true }));
    expect(again).toMatchObject({ version: 4, title: "First title", title_source: "writer", content: words("version one") });
    expect((await versions(alice, doc.id)).map((v) => v.label)).toEqual(["Restored version 1", "Restored version 1", "Before restoring version 1", "Created"]);
  });

  it("keeps pending suggestions and their run facts in a version and through its restore", async () => {
    const pending = docOf(paragraph(text("The "), text("quick", trackedMark("deletion", "h1")), text("slow", trackedMark("insertion", "h1")), text(" fox.")));
    const doc = await create(alice, { title: "Pending", content: pending });
    await saved(await patch(alice, doc.id, { base_version: 1, content: words("typed over") }));
    const created = (await versions(alice, doc.id)).find((v) => v.label === "Created")!;
    const { version } = (await (await alice.json(`/api/documents/${doc.id}/versions/${created.id}`)).json()) as { version: VersionJson };
    expect(version.content).toEqual(pending);
    const restored = await saved(await alice.json(`/api/documents/${doc.id}/versions/${created.id}/restore`, { base_version: 2 }));
    expect(restored.content).toEqual(pending);
  });

  it("answers 404 for a version of another document", async () => {
    const one = await create(alice, { title: "One" });
    const two = await create(alice, { title: "Two" });
    const [versionOfTwo] = await versions(alice, two.id);
    await expectError(await alice.json(`/api/documents/${one.id}/versions/${versionOfTwo!.id}`), 404, "not_found");
    await expectError(await alice.json(`/api/documents/${one.id}/versions/${versionOfTwo!.id}/restore`, {}), 404, "not_found");
  });
});

describe("documents API: export", () => {
  const content = docOf(
    heading(2, "Section one"),
    paragraph(text("Plain and "), text("bold", { type: "bold" }), text(" with a "), text("link", { type: "link", attrs: { href: "https://example.com" } }), text(".")),
    { type: "bulletList", content: [{ type: "listItem", content: [paragraph(text("First point"))] }] },
    { type: "codeBlock", content: [text("x < y")] },
  );
  let doc: DocumentJson;

  beforeAll(async () => {
    doc = await create(alice, { title: "Résumé: plan/2025", content });
  });

  function expectDownload(res: Response, type: string, extension: string) {
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="Resume plan 2025.${extension}"; filename*=UTF-8''R%C3%A9sum%C3%A9%20plan%202025.${extension}`,
    );
  }

  it("exports Markdown with the title, headings, marks, links and lists", async () => {
    const res = await alice.fetch(`/api/documents/${doc.id}/export?format=md`);
    expectDownload(res, "text/markdown; charset=utf-8", "md");
    expect(await res.text()).toBe(
      "# Résumé: plan/2025\n\n## Section one\n\nPlain and **bold** with a [link](https://example.com).\n\n- First point\n\n```\nx < y\n```\n",
    );
  });

  it("exports a standalone HTML page with the escaped structure", async () => {
    const res = await alice.fetch(`/api/documents/${doc.id}/export?format=html`);
    expectDownload(res, "text/html; charset=utf-8", "html");
    const html = await res.text();
    expect(html).toContain("<title>Résumé: plan/2025</title>");
    expect(html).toContain("<h1>Résumé: plan/2025</h1>");
    expect(html).toContain("<h2>Section one</h2>");
    expect(html).toContain('<p>Plain and <strong>bold</strong> with a <a href="https://example.com">link</a>.</p>');
    expect(html).toContain("<ul>\n<li><p>First point</p></li>\n</ul>");
    expect(html).toContain("<pre><code>x &lt; y</code></pre>");
  });

  it("exports a Word document that holds the title, headings and paragraph text", async () => {
    const res = await alice.fetch(`/api/documents/${doc.id}/export?format=docx`);
    expectDownload(res, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx");
    const buffer = Buffer.from(await res.arrayBuffer());
    expect(buffer.subarray(0, 2).toString()).toBe("PK");
    const raw = (await mammoth.extractRawText({ buffer })).value;
    for (const expected of ["Résumé: plan/2025", "Section one", "Plain and bold with a link.", "First point", "x < y"]) {
      expect(raw).toContain(expected);
    }
    const html = (await mammoth.convertToHtml({ buffer })).value;
    expect(html).toContain("<h2>Section one</h2>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain('<a href="https://example.com">link</a>');
    expect(html).toContain("<ul><li>First point</li></ul>");
  });

  it("names an untitled or symbol-only export 'document' and keeps the ASCII name quoted safely", async () => {
    const odd = await create(alice, { title: '"/\\:*?<>|' });
    const res = await alice.fetch(`/api/documents/${odd.id}/export?format=md`);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="document.md"; filename*=UTF-8''document.md`);
  });

  it("saves pending AI suggestions, refuses crafted ones naming the path, and exports the original text while they are pending", async () => {
    const suggestion = (kind: string, id: string) => ({ type: "suggestion", attrs: { kind, id, runId: "run1", conflict: false } });
    const pending = docOf(paragraph(text("The "), text("quick", suggestion("deletion", "h1")), text("slow", suggestion("insertion", "h1"), { type: "bold" }), text(" fox.")));
    const saved = await create(alice, { title: "Pending", content: pending });
    expect(saved.content).toEqual(pending);
    expect(await (await alice.fetch(`/api/documents/${saved.id}/export?format=md`)).text()).toBe("# Pending\n\nThe quick fox.\n");
    expect(await (await alice.fetch(`/api/documents/${saved.id}/export?format=html`)).text()).toContain("<p>The quick fox.</p>");
    const buffer = Buffer.from(await (await alice.fetch(`/api/documents/${saved.id}/export?format=docx&suggestions=original`)).arrayBuffer());
    expect((await mammoth.extractRawText({ buffer })).value).toContain("The quick fox.");
    const crafted = docOf(paragraph(text("x", { type: "suggestion", attrs: { kind: "insertion", id: "<img onerror=x>", runId: "run1" } })));
    await expectError(await alice.json("/api/documents", { content: crafted }), 400, "invalid_request", "content.content.0.content.0.marks.0.attrs.id");
  });

  it("exports pending suggestions accepted or as the original on request, and as Word tracked changes in DOCX by default", async () => {
    const pending = docOf(paragraph(text("The "), text("quick", trackedMark("deletion", "h1")), text("slow", trackedMark("insertion", "h1")), text(" fox.")));
    const saved = await create(alice, { title: "Choice", content: pending });
    const exported = (query: string) => alice.fetch(`/api/documents/${saved.id}/export?${query}`);
    expect(await (await exported("format=md&suggestions=accepted")).text()).toBe("# Choice\n\nThe slow fox.\n");
    expect(await (await exported("format=md&suggestions=original")).text()).toBe("# Choice\n\nThe quick fox.\n");
    expect(await (await exported("format=html&suggestions=accepted")).text()).toContain("<p>The slow fox.</p>");
    const changes = await trackedChanges(new Uint8Array(await (await exported("format=docx")).arrayBuffer()));
    expect(changes.map(({ kind, text, author, date }) => ({ kind, text, author, date }))).toEqual([
      { kind: "del", text: "quick", author: "Draftwise AI (test-model)", date: "2026-12-06T14:30:05Z" },
      { kind: "ins", text: "slow", author: "Draftwise AI (test-model)", date: "2026-12-06T14:30:05Z" },
    ]);
    const accepted = Buffer.from(await (await exported("format=docx&suggestions=accepted")).arrayBuffer());
    expect((await mammoth.extractRawText({ buffer: accepted })).value).toContain("The slow fox.");
    await expectError(await exported("format=md&suggestions=tracked"), 400, "invalid_request", "suggestions");
    await expectError(await exported("format=html&suggestions=maybe"), 400, "invalid_request", "suggestions");
  });

  it("answers 400 invalid_request naming format for a missing or unknown format", async () => {
    await expectError(await alice.fetch(`/api/documents/${doc.id}/export`), 400, "invalid_request", "format");
    await expectError(await alice.fetch(`/api/documents/${doc.id}/export?format=pdf`), 400, "invalid_request", "format");
  });
});

describe("documents API: ownership", () => {
  it("answers another user's document, versions, restore and export with 404 exactly like a missing id", async () => {
    const doc = await create(alice, { title: "Private", content: words("secret words") });
    const [version] = await versions(alice, doc.id);
    const missing = randomUUID();
    const attempts = (id: string, versionId: string): [string, string, unknown?][] => [
      ["GET", `/api/documents/${id}`],
      ["PATCH", `/api/documents/${id}`, { base_version: 1, title: "Taken" }],
      ["DELETE", `/api/documents/${id}`],
      ["POST", `/api/documents/${id}/restore`, {}],
      ["GET", `/api/documents/${id}/versions`],
      ["GET", `/api/documents/${id}/versions/${versionId}`],
      ["POST", `/api/documents/${id}/versions/${versionId}/restore`, {}],
      ["GET", `/api/documents/${id}/export?format=md`],
      ["GET", `/api/documents/${id}/export?format=docx`],
    ];
    const foreign = attempts(doc.id, version!.id);
    const absent = attempts(missing, randomUUID());
    for (const [i, [method, path, body]] of foreign.entries()) {
      const theirs = await expectError(await bob.json(path, body, { method }), 404, "not_found");
      const [, absentPath, absentBody] = absent[i]!;
      const nothing = await expectError(await bob.json(absentPath, absentBody, { method }), 404, "not_found");
      expect(theirs).toEqual(nothing);
    }
    await expectError(await bob.json(`/api/documents/${doc.id}?permanent=true`, undefined, { method: "DELETE" }), 404, "not_found");

    expect((await list(bob, "?q=secret")).map((d) => d.id)).not.toContain(doc.id);
    expect((await list(bob, "?trash=true")).map((d) => d.id)).not.toContain(doc.id);
    const opened = (await (await alice.json(`/api/documents/${doc.id}`)).json()) as { document: DocumentJson };
    expect(opened.document).toEqual(doc);
    expect(await versions(alice, doc.id)).toHaveLength(1);
  });
});

describe("documents API: limits", () => {
  let app: AppServer;
  let writer: Session;

  beforeAll(async () => {
    // Beside the global setup's three instances (API_TEST_PORT + 0…2), so checkouts testing side by side don't collide.
    const port = Number(process.env.API_TEST_PORT ?? 3210) + 5;
    app = await startApp(port, { DOCUMENTS_PER_USER: "2", DOCUMENT_MAX_CHARS: "1000" });
    writer = await guestSession(app.url);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it("answers 413 document_too_large naming content when the text passes DOCUMENT_MAX_CHARS", async () => {
    await expectError(await writer.json("/api/documents", { content: words("x".repeat(1001)) }), 413, "document_too_large", "content");
    const doc = await create(writer, { content: words("x".repeat(1000)) });
    const error = await expectError(await patch(writer, doc.id, { base_version: 1, content: docOf(paragraph(text("y".repeat(600))), paragraph(text("z".repeat(600)))) }), 413, "document_too_large", "content");
    expect(error.message).toContain("1,000");
    expect(await versions(writer, doc.id)).toHaveLength(1);
    await writer.fetch(`/api/documents/${doc.id}`, { method: "DELETE" });
    expect((await writer.fetch(`/api/documents/${doc.id}?permanent=true`, { method: "DELETE" })).status).toBe(204);
  });

  it("answers 403 document_limit_reached past DOCUMENTS_PER_USER, counting the trash, until one is deleted forever", async () => {
    const first = await create(writer, { title: "One" });
    await create(writer, { title: "Two" });
    const error = await expectError(await writer.json("/api/documents", { title: "Three" }), 403, "document_limit_reached");
    expect(error.message).toMatch(/\b2 documents\b/);
    expect(error.message).toMatch(/trash/i);

    await saved(await writer.json(`/api/documents/${first.id}`, undefined, { method: "DELETE" }));
    await expectError(await writer.json("/api/documents", { title: "Three" }), 403, "document_limit_reached");

    expect((await writer.fetch(`/api/documents/${first.id}?permanent=true`, { method: "DELETE" })).status).toBe(204);
    expect((await create(writer, { title: "Three" })).title).toBe("Three");
  });
});
