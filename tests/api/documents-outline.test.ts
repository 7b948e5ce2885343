import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { DocumentOutline } from "@/lib/contracts/document-outline";
import type { DocumentJson } from "@/lib/contracts/documents";
import { limits } from "@/lib/contracts/limits";
import { expectError } from "./helpers";
import { Session, guestSession } from "./session";

const outline: DocumentOutline = {
  brief: { topic: "Bees in the city", audience: "", tone: "warm", length: "short" },
  outline: {
    title: "City bees",
    sections: [
      { id: "section-0", heading: "Why rooftops", keyPoints: ["Forage", ""], drafted: true, locked: false },
      { id: "section-1", heading: "Hives", keyPoints: ["Space"], drafted: false, locked: true },
    ],
  },
};

async function create(session: Session): Promise<DocumentJson> {
  const res = await session.json("/api/documents", {});
  expect(res.status).toBe(201);
  return ((await res.json()) as { document: DocumentJson }).document;
}

async function open(session: Session, id: string): Promise<DocumentJson> {
  const res = await session.json(`/api/documents/${id}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { document: DocumentJson }).document;
}

const put = (session: Session, id: string, body: unknown) => session.json(`/api/documents/${id}/outline`, body, { method: "PUT" });

let alice: Session;
let bob: Session;

beforeAll(async () => {
  [alice, bob] = await Promise.all([guestSession(), guestSession()]);
});

describe("a document's outline on the documents API", () => {
  it("starts empty, is written with PUT …/outline and read with the document, without a new version", async () => {
    const doc = await create(alice);
    expect(doc.outline).toBeNull();
    const res = await put(alice, doc.id, { outline });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { outline: DocumentOutline }).outline).toEqual(outline);
    const opened = await open(alice, doc.id);
    expect(opened.outline).toEqual(outline);
    // Not a version of the text: the editor's next save on version 1 is no conflict.
    expect(opened.version).toBe(1);
    const saved = await alice.json(`/api/documents/${doc.id}`, { base_version: 1, title: "Bees" }, { method: "PATCH" });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { document: DocumentJson }).document.outline).toEqual(outline);
  });

  it("gives an automatic title its title while the text opens with no heading; a heading or the writer's title wins", async () => {
    const doc = await create(alice);
    await put(alice, doc.id, { outline });
    expect((await open(alice, doc.id)).title).toBe("City bees");
    const paragraph = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });
    const heading = (text: string) => ({ type: "heading", attrs: { level: 1 }, content: [{ type: "text", text }] });
    const patch = async (body: object) => {
      const res = await alice.json(`/api/documents/${doc.id}`, body, { method: "PATCH" });
      expect(res.status).toBe(200);
      return ((await res.json()) as { document: DocumentJson }).document;
    };
    const typed = await patch({ base_version: 1, content: { type: "doc", content: [paragraph("Bees like flat roofs.")] } });
    expect([typed.title, typed.title_source]).toEqual(["City bees", "automatic"]);
    expect((await patch({ base_version: 2, content: { type: "doc", content: [heading("Rooftop bees"), paragraph("Bees like flat roofs.")] } })).title).toBe("Rooftop bees");
    await patch({ base_version: 3, title: "My bees" });
    await put(alice, doc.id, { outline: { ...outline, outline: { ...outline.outline!, title: "Other" } } });
    expect((await open(alice, doc.id)).title).toBe("My bees");
  });

  it("belongs to its document: another document has none", async () => {
    const [first, second] = [await create(alice), await create(alice)];
    await put(alice, first.id, { outline });
    expect((await open(alice, second.id)).outline).toBeNull();
  });

  it("is written with the document too (PATCH), and null removes it", async () => {
    const doc = await create(alice);
    const res = await alice.json(`/api/documents/${doc.id}`, { base_version: 1, outline }, { method: "PATCH" });
    expect(res.status).toBe(200);
    expect((await open(alice, doc.id)).outline).toEqual(outline);
    expect((await put(alice, doc.id, { outline: null })).status).toBe(200);
    expect((await open(alice, doc.id)).outline).toBeNull();
  });

  it("fills in the sections' drafting state when it is left out", async () => {
    const doc = await create(alice);
    const bare = { brief: outline.brief, outline: { title: "", sections: [{ id: "a", heading: "One", keyPoints: [] }] } };
    expect((await put(alice, doc.id, { outline: bare })).status).toBe(200);
    expect((await open(alice, doc.id)).outline!.outline!.sections[0]).toMatchObject({ drafted: false, locked: false });
  });

  it("answers 400 invalid_request naming the offending field", async () => {
    const doc = await create(alice);
    const longHeading = { ...outline, outline: { ...outline.outline!, sections: [{ ...outline.outline!.sections[0]!, heading: "x".repeat(limits.headingChars + 1) }] } };
    await expectError(await put(alice, doc.id, { outline: longHeading }), 400, "invalid_request", "outline.outline.sections.0.heading");
    await expectError(await put(alice, doc.id, { outline: { ...outline, brief: { ...outline.brief, length: "epic" } } }), 400, "invalid_request", "outline.brief.length");
    await expectError(await put(alice, doc.id, { outline: { ...outline, brief: { ...outline.brief, topic: "nul\u0000" } } }), 400, "invalid_request", "outline.brief.topic");
    const tooMany = Array.from({ length: limits.outlineSections + 1 }, (_, i) => ({ id: `s${i}`, heading: "H", keyPoints: [] }));
    await expectError(await put(alice, doc.id, { outline: { ...outline, outline: { title: "", sections: tooMany } } }), 400, "invalid_request", "outline.outline.sections");
    await expectError(await put(alice, doc.id, {}), 400, "invalid_request", "outline");
    await expectError(
      await alice.json(`/api/documents/${doc.id}`, { base_version: 1, outline: { brief: outline.brief } }, { method: "PATCH" }),
      400,
      "invalid_request",
      "outline.outline",
    );
    expect((await open(alice, doc.id)).outline).toBeNull();
  });

  it("answers 413 payload_too_large past the outline's size limit", async () => {
    const doc = await create(alice);
    const big = { ...outline, brief: { ...outline.brief, topic: "x".repeat(limits.outlineBodyBytes) } };
    await expectError(await put(alice, doc.id, { outline: big }), 413, "payload_too_large");
  });

  it("answers 404 for another writer's document or a missing one", async () => {
    const doc = await create(alice);
    await expectError(await put(bob, doc.id, { outline }), 404, "not_found");
    await expectError(await put(alice, randomUUID(), { outline }), 404, "not_found");
    expect((await open(alice, doc.id)).outline).toBeNull();
  });
});
