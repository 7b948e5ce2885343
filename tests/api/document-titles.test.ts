import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { DocumentContent, DocumentJson, DocumentSummaryJson, VersionSummaryJson } from "@/lib/contracts/documents";
import { expectError } from "./helpers";
import { Session, guestSession } from "./session";

type Node = NonNullable<DocumentContent["content"]>[number];
const paragraph = (value?: string): Node => ({ type: "paragraph", ...(value ? { content: [{ type: "text", text: value }] } : {}) });
const heading = (level: number, value: string): Node => ({ type: "heading", attrs: { level }, content: [{ type: "text", text: value }] });
const docOf = (...content: Node[]): DocumentContent => ({ type: "doc", content });

let alice: Session;
let bob: Session;

beforeAll(async () => {
  [alice, bob] = await Promise.all([guestSession(), guestSession()]);
});

async function create(body: Record<string, unknown> = {}): Promise<DocumentJson> {
  const res = await alice.json("/api/documents", body);
  expect(res.status).toBe(201);
  return ((await res.json()) as { document: DocumentJson }).document;
}

async function save(doc: { id: string; version: number }, body: Record<string, unknown>): Promise<DocumentJson> {
  const res = await alice.json(`/api/documents/${doc.id}`, { base_version: doc.version, ...body }, { method: "PATCH" });
  expect(res.status).toBe(200);
  return ((await res.json()) as { document: DocumentJson }).document;
}

async function list(session = alice): Promise<DocumentSummaryJson[]> {
  return ((await (await session.json("/api/documents")).json()) as { documents: DocumentSummaryJson[] }).documents;
}

async function versions(id: string): Promise<VersionSummaryJson[]> {
  return ((await (await alice.json(`/api/documents/${id}/versions`)).json()) as { versions: VersionSummaryJson[] }).versions;
}

describe("documents API: titles that follow the document", () => {
  it("follows the opening heading on every save until the writer sets a title, which then stays", async () => {
    let doc = await create();
    expect(doc).toMatchObject({ title: "Untitled", title_source: "automatic" });
    doc = await save(doc, { content: docOf(heading(1, "Keeping bees"), paragraph("Hives.")) });
    expect(doc).toMatchObject({ title: "Keeping bees", title_source: "automatic" });
    expect((await list()).find((d) => d.id === doc.id)).toMatchObject({ title: "Keeping bees", title_source: "automatic" });

    doc = await save(doc, { title: "  Bees, a field guide ", content: docOf(heading(1, "Keeping bees"), paragraph("Hives.")) });
    expect(doc).toMatchObject({ title: "Bees, a field guide", title_source: "writer" });
    doc = await save(doc, { content: docOf(heading(1, "Keeping wasps")) });
    expect(doc).toMatchObject({ title: "Bees, a field guide", title_source: "writer" });
  });

  it("makes the title automatic again when it is cleared, from the content sent or else the saved one", async () => {
    let doc = await create({ title: "Mine", content: docOf(paragraph("First line here"), paragraph("More.")) });
    expect(doc).toMatchObject({ title: "Mine", title_source: "writer" });
    doc = await save(doc, { title: "" });
    expect(doc).toMatchObject({ title: "First line here", title_source: "automatic" });
    doc = await save(doc, { title: "Mine again" });
    doc = await save(doc, { title: "", content: docOf(heading(2, "A new opening")) });
    expect(doc).toMatchObject({ title: "A new opening", title_source: "automatic" });
  });

  it("refuses a bad title, label or restore flag with a structured 400 naming the field", async () => {
    const doc = await create({ content: docOf(paragraph("x")) });
    await expectError(await alice.json(`/api/documents/${doc.id}`, { base_version: 1, title: "x".repeat(201) }, { method: "PATCH" }), 400, "invalid_request", "title");
    await expectError(await alice.json(`/api/documents/${doc.id}`, { base_version: 1, title: 7 }, { method: "PATCH" }), 400, "invalid_request", "title");
    await expectError(await alice.json("/api/documents", { title: null }), 400, "invalid_request", "title");
    const [created] = await versions(doc.id);
    await expectError(await alice.json(`/api/documents/${doc.id}/versions/${created!.id}/restore`, { restore_title: "yes" }), 400, "invalid_request", "restore_title");
    await expectError(await alice.json(`/api/documents/${doc.id}/versions`, { label: "  " }), 400, "invalid_request", "label");
    await expectError(await alice.json(`/api/documents/${doc.id}/versions`, { label: "x".repeat(101) }), 400, "invalid_request", "label");
    await expectError(await alice.json(`/api/documents/${doc.id}/versions/${created!.id}`, { name: "x" }, { method: "PATCH" }), 400, "invalid_request");
  });

  it("restores a version's text keeping the writer's current title, and its title only when asked", async () => {
    let doc = await create({ title: "Old name", content: docOf(paragraph("version one")) });
    doc = await save(doc, { title: "New name", content: docOf(paragraph("version two")) });
    const created = (await versions(doc.id)).find((v) => v.source === "create")!;
    expect(created).toMatchObject({ title: "Old name", title_source: "writer" });
    const restore = (body: Record<string, unknown>) => alice.json(`/api/documents/${doc.id}/versions/${created.id}/restore`, body);
    const kept = ((await (await restore({})).json()) as { document: DocumentJson }).document;
    expect(kept).toMatchObject({ title: "New name", title_source: "writer", content: docOf(paragraph("version one")) });
    const retitled = ((await (await restore({ restore_title: true })).json()) as { document: DocumentJson }).document;
    expect(retitled).toMatchObject({ title: "Old name", title_source: "writer" });
  });

  it("gives an automatic title to a restored version's own text", async () => {
    let doc = await create({ content: docOf(heading(1, "Draft one")) });
    doc = await save(doc, { content: docOf(heading(1, "Draft two")) });
    const created = (await versions(doc.id)).find((v) => v.source === "create")!;
    const res = await alice.json(`/api/documents/${doc.id}/versions/${created.id}/restore`, {});
    expect(((await res.json()) as { document: DocumentJson }).document).toMatchObject({ title: "Draft one", title_source: "automatic" });
  });
});

describe("documents API: exports named after the title, with one heading", () => {
  it("exports an automatic title's document without adding a heading, named after its H1", async () => {
    const doc = await create({ content: docOf(paragraph(), heading(1, "Spring: a plan"), paragraph("Body.")) });
    const res = await alice.fetch(`/api/documents/${doc.id}/export?format=md`);
    expect(res.headers.get("content-disposition")).toContain(`filename="Spring a plan.md"`);
    expect(await res.text()).toBe("# Spring: a plan\n\nBody.\n");
    const html = await (await alice.fetch(`/api/documents/${doc.id}/export?format=html`)).text();
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain("<title>Spring: a plan</title>");
  });

  it("never adds a first line as a heading above itself", async () => {
    const doc = await create({ content: docOf(paragraph("Just some notes"), paragraph("More.")) });
    const res = await alice.fetch(`/api/documents/${doc.id}/export?format=md`);
    expect(res.headers.get("content-disposition")).toContain(`filename="Just some notes.md"`);
    expect(await res.text()).toBe("Just some notes\n\nMore.\n");
  });

  it("adds the writer's title as a heading only when the document doesn't open with it", async () => {
    const differs = await create({ title: "Report", content: docOf(heading(2, "Summary"), paragraph("x")) });
    expect(await (await alice.fetch(`/api/documents/${differs.id}/export?format=md`)).text()).toBe("# Report\n\n## Summary\n\nx\n");
    const same = await create({ title: "report", content: docOf(heading(1, "Report"), paragraph("x")) });
    expect(await (await alice.fetch(`/api/documents/${same.id}/export?format=md`)).text()).toBe("# Report\n\nx\n");
  });
});

describe("documents API: untouched new documents", () => {
  it("doesn't list a new document nobody edited, and discards it on request while keeping any touched one", async () => {
    const blank = await create();
    const edited = await save(await create(), { content: docOf(paragraph("typed")) });
    const ids = (await list()).map((d) => d.id);
    expect(ids).not.toContain(blank.id);
    expect(ids).toContain(edited.id);

    const discard = (id: string, session = alice) => session.json(`/api/documents/${id}?if_untouched=true`, undefined, { method: "DELETE" });
    await expectError(await discard(blank.id, bob), 404, "not_found");
    const kept = await discard(edited.id);
    expect(kept.status).toBe(200);
    expect(await kept.json()).toEqual({ discarded: false });
    const gone = await discard(blank.id);
    expect(await gone.json()).toEqual({ discarded: true });
    await expectError(await alice.json(`/api/documents/${blank.id}`), 404, "not_found");
    await expectError(await discard(randomUUID()), 404, "not_found");
  });
});

describe("documents API: named versions", () => {
  it("names the current state, renames a version, and keeps both apart from other users", async () => {
    let doc = await create({ content: docOf(paragraph("one")) });
    doc = await save(doc, { content: docOf(paragraph("one two")) });
    const res = await alice.json(`/api/documents/${doc.id}/versions`, { label: "Sent to the editor" });
    expect(res.status).toBe(201);
    const { version } = (await res.json()) as { version: VersionSummaryJson };
    expect(version).toMatchObject({ version: doc.version, label: "Sent to the editor", source: "manual", chars: "one two".length });
    expect((await versions(doc.id))[0]).toMatchObject({ id: version.id, label: "Sent to the editor" });

    const created = (await versions(doc.id)).find((v) => v.source === "create")!;
    const renamed = await alice.json(`/api/documents/${doc.id}/versions/${created.id}`, { label: "First try" }, { method: "PATCH" });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { version: VersionSummaryJson }).version).toMatchObject({ id: created.id, label: "First try", source: "create" });

    await expectError(await bob.json(`/api/documents/${doc.id}/versions`, { label: "x" }), 404, "not_found");
    await expectError(await bob.json(`/api/documents/${doc.id}/versions/${created.id}`, { label: "x" }, { method: "PATCH" }), 404, "not_found");
    await expectError(await alice.json(`/api/documents/${doc.id}/versions/${randomUUID()}`, { label: "x" }, { method: "PATCH" }), 404, "not_found");
  });
});
