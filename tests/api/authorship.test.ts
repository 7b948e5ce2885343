import { randomUUID } from "node:crypto";
import mammoth from "mammoth";
import { beforeAll, describe, expect, it } from "vitest";
import { authorshipReportSchema, type AuthorshipReport } from "@/lib/contracts/authorship";
import type { DocumentContent, DocumentJson } from "@/lib/contracts/documents";
import { createKey, expectApiError, keyOwner, v1 } from "./api-key-helpers";
import { expectError } from "./helpers";
import { guestSession, type Session } from "./session";

type Node = NonNullable<DocumentContent["content"]>[number];
const ai = (runId: string, origin = "ai") => ({
  type: "authorship",
  attrs: {
    runId,
    origin,
    action: "rewrite",
    model: "test-model",
    instruction: "Make the river sing",
    createdAt: "2026-12-06T14:30:05.123Z",
    acceptedAt: "2026-12-06T14:31:00.000Z",
    acceptedBy: "Ada",
  },
});
const text = (value: string, ...marks: object[]): Node => ({ type: "text", text: value, ...(marks.length ? { marks } : {}) }) as Node;
const paragraph = (...content: Node[]): Node => ({ type: "paragraph", content });
/** Four words of the writer's, four as the AI wrote them, two the writer edited since, and a pending suggestion. */
const content: DocumentContent = {
  type: "doc",
  content: [
    paragraph(text("Rivers carve the land. "), text("Water remembers every stone.", ai("run-a"))),
    paragraph(text("Slowly flowing", ai("run-b", "edited")), text(" new", { type: "suggestion", attrs: { kind: "insertion", id: "h1", runId: "run-c" } })),
  ],
};

async function createDocument(session: Session, title: string): Promise<DocumentJson> {
  const res = await session.json("/api/documents", { title, content });
  expect(res.status).toBe(201);
  return ((await res.json()) as { document: DocumentJson }).document;
}

let alice: Session;
let aliceKey: string;
let doc: DocumentJson;

beforeAll(async () => {
  ({ session: alice, key: aliceKey } = await keyOwner());
  doc = await createDocument(alice, "Rivers: an essay");
});

describe("GET /api/v1/documents/{id}/authorship", () => {
  it("answers the record as JSON: share by words, AI passages, runs with their instructions, pending suggestions", async () => {
    const res = await v1(`/api/v1/documents/${doc.id}/authorship`, { key: aliceKey });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-disposition")).toBeNull();
    const report: AuthorshipReport = authorshipReportSchema.parse(await res.json());
    expect(report).toMatchObject({ document_id: doc.id, title: "Rivers: an essay", pending_suggestions: 1, instructions_included: true });
    expect(report.share).toEqual({ words: 10, writer_words: 4, ai_words: 4, edited_words: 2, ai_share: 0.6 });
    expect(report.passages.map((p) => [p.run_id, p.origin, p.excerpt, p.model, p.accepted_by])).toEqual([
      ["run-a", "ai", "Water remembers every stone.", "test-model", "Ada"],
      ["run-b", "edited", "Slowly flowing", "test-model", "Ada"],
    ]);
    expect(report.runs.map((r) => [r.run_id, r.instruction, r.words])).toEqual([
      ["run-a", "Make the river sing", 4],
      ["run-b", "Make the river sing", 2],
    ]);
    expect(report.notes).toContain("1 AI suggestion pending: not part of the record until accepted.");
  });

  it("answers Markdown with ?format=markdown", async () => {
    const res = await v1(`/api/v1/documents/${doc.id}/authorship?format=markdown`, { key: aliceKey });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    const markdown = await res.text();
    expect(markdown).toContain("# Authorship record: Rivers: an essay");
    expect(markdown).toContain("| Written by AI, as written | 4 | 40% |");
    expect(markdown).toContain("| Written by AI, edited since | 2 | 20% |");
    expect(markdown).toContain("1. “Water remembers every stone.” — rewrite by test-model");
    expect(markdown).toContain("“Make the river sing”");
  });

  it("answers 401 without a key, and to the session cookie alone", async () => {
    await expectApiError(await v1(`/api/v1/documents/${doc.id}/authorship`), 401, "unauthorized");
    await expectApiError(await alice.fetch(`/api/v1/documents/${doc.id}/authorship`), 401, "unauthorized");
  });

  it("answers 400 for an unknown format", async () => {
    await expectApiError(await v1(`/api/v1/documents/${doc.id}/authorship?format=pdf`, { key: aliceKey }), 400, "invalid_request", "format");
  });

  it("answers 404 for another account's document, a missing one and an id that is not a UUID", async () => {
    const { key: bobKey } = await keyOwner();
    await expectApiError(await v1(`/api/v1/documents/${doc.id}/authorship`, { key: bobKey }), 404, "not_found");
    await expectApiError(await v1(`/api/v1/documents/${randomUUID()}/authorship`, { key: aliceKey }), 404, "not_found");
    await expectApiError(await v1(`/api/v1/documents/not-a-uuid/authorship`, { key: aliceKey }), 404, "not_found");
  });

  it("gives no instruction text when the account stores no prompts, and says so", async () => {
    const carol = await guestSession();
    expect((await carol.json("/api/account", { store_content: false }, { method: "PATCH" })).status).toBe(200);
    const { key } = await createKey(carol);
    const own = await createDocument(carol, "Private");
    const res = await v1(`/api/v1/documents/${own.id}/authorship`, { key });
    const report = authorshipReportSchema.parse(await res.json());
    expect(report.instructions_included).toBe(false);
    expect(report.runs.map((r) => r.instruction)).toEqual([null, null]);
    expect(report.passages).toHaveLength(2);
    expect(report.notes.join(" ")).toContain("doesn't store prompts");
    const markdown = await (await v1(`/api/v1/documents/${own.id}/authorship?format=markdown`, { key })).text();
    expect(`${JSON.stringify(report)}${markdown}`).not.toContain("river sing");
    const docx = Buffer.from(await (await carol.fetch(`/api/documents/${own.id}/export?format=docx&authorship=appendix`)).arrayBuffer());
    expect((await mammoth.extractRawText({ buffer: docx })).value).not.toContain("river sing");
  });
});

describe("the studio's authorship download", () => {
  it("downloads Markdown and JSON named after the title", async () => {
    const markdown = await alice.fetch(`/api/documents/${doc.id}/authorship?format=markdown`);
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get("content-disposition")).toBe(`attachment; filename="Rivers an essay authorship.md"; filename*=UTF-8''Rivers%20an%20essay%20authorship.md`);
    expect(await markdown.text()).toContain("## AI passages (2)");
    const json = await alice.fetch(`/api/documents/${doc.id}/authorship?format=json`);
    expect(json.headers.get("content-disposition")).toContain(`filename="Rivers an essay authorship.json"`);
    expect(authorshipReportSchema.parse(await json.json()).share.ai_share).toBe(0.6);
  });

  it("takes the session cookie only, and is 404 for another account's document", async () => {
    await expectError(await v1(`/api/documents/${doc.id}/authorship`, { key: aliceKey }), 401, "unauthorized");
    await expectError(await (await guestSession()).fetch(`/api/documents/${doc.id}/authorship`), 404, "not_found");
  });
});

describe("DOCX export with authorship=appendix", () => {
  it("appends the authorship record after the text", async () => {
    const res = await alice.fetch(`/api/documents/${doc.id}/export?format=docx&authorship=appendix`);
    expect(res.status).toBe(200);
    const raw = (await mammoth.extractRawText({ buffer: Buffer.from(await res.arrayBuffer()) })).value;
    expect(raw.indexOf("Authorship record")).toBeGreaterThan(raw.indexOf("Rivers carve the land."));
    for (const expected of ["Share by words", "Written by AI, edited since", "AI passages (2)", "“Water remembers every stone.”", "Instruction: “Make the river sing”", "1 AI suggestion pending"]) {
      expect(raw).toContain(expected);
    }
  });

  it("is for docx only, and left out unless asked for", async () => {
    await expectError(await alice.fetch(`/api/documents/${doc.id}/export?format=md&authorship=appendix`), 400, "invalid_request", "authorship");
    const plain = await alice.fetch(`/api/documents/${doc.id}/export?format=docx`);
    expect((await mammoth.extractRawText({ buffer: Buffer.from(await plain.arrayBuffer()) })).value).not.toContain("Authorship record");
  });
});
