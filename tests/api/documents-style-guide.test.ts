import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { AccountJson } from "@/lib/contracts/account";
import type { DocumentJson } from "@/lib/contracts/documents";
import { limits } from "@/lib/contracts/limits";
import type { StyleGuide } from "@/lib/contracts/style-guide";
import { expectError } from "./helpers";
import { Session, guestSession } from "./session";

const guide: StyleGuide = {
  voice: "warm, direct, first person plural",
  audience: "city gardeners",
  reading_level: "general",
  terms_to_use: ["pollinator"],
  terms_to_avoid: ["utilize → use", "synergy"],
  example: "We keep bees on the roof. They keep us honest.",
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

const put = (session: Session, id: string, body: unknown) => session.json(`/api/documents/${id}/style-guide`, body, { method: "PUT" });
const patchAccount = (session: Session, body: unknown) => session.json("/api/account", body, { method: "PATCH" });
const account = async (session: Session) => ((await (await session.json("/api/account")).json()) as { account: AccountJson }).account;

let alice: Session;
let bob: Session;

beforeAll(async () => {
  [alice, bob] = await Promise.all([guestSession(), guestSession()]);
});

describe("a document's style guide on the documents API", () => {
  it("starts following the default (null), is set with PUT …/style-guide and read with the document, without a new version", async () => {
    const doc = await create(alice);
    expect(doc.style_guide).toBeNull();
    const res = await put(alice, doc.id, { style_guide: guide });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { style_guide: StyleGuide }).style_guide).toEqual(guide);
    const opened = await open(alice, doc.id);
    expect(opened.style_guide).toEqual(guide);
    expect(opened.version).toBe(1);
    // The editor's next save on version 1 is no conflict, and keeps the guide.
    const saved = await alice.json(`/api/documents/${doc.id}`, { base_version: 1, title: "Bees" }, { method: "PATCH" });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { document: DocumentJson }).document.style_guide).toEqual(guide);
  });

  it("trims its fields; {} is none at all and null follows the default again", async () => {
    const doc = await create(alice);
    const res = await put(alice, doc.id, { style_guide: { voice: "  plain  " } });
    expect(((await res.json()) as { style_guide: StyleGuide }).style_guide).toEqual({ voice: "plain" });
    expect((await put(alice, doc.id, { style_guide: {} })).status).toBe(200);
    expect((await open(alice, doc.id)).style_guide).toEqual({});
    expect((await put(alice, doc.id, { style_guide: null })).status).toBe(200);
    expect((await open(alice, doc.id)).style_guide).toBeNull();
  });

  it("belongs to its document: another document still follows the default", async () => {
    const [first, second] = [await create(alice), await create(alice)];
    await put(alice, first.id, { style_guide: guide });
    expect((await open(alice, second.id)).style_guide).toBeNull();
  });

  it("answers 400 invalid_request naming the offending field", async () => {
    const doc = await create(alice);
    await expectError(await put(alice, doc.id, {}), 400, "invalid_request", "style_guide");
    await expectError(await put(alice, doc.id, { style_guide: { tone: "warm" } }), 400, "invalid_request", "style_guide.tone");
    await expectError(await put(alice, doc.id, { style_guide: { reading_level: "phd" } }), 400, "invalid_request", "style_guide.reading_level");
    await expectError(await put(alice, doc.id, { style_guide: { voice: "x".repeat(limits.styleVoiceChars + 1) } }), 400, "invalid_request", "style_guide.voice");
    await expectError(await put(alice, doc.id, { style_guide: { terms_to_avoid: ["ok", "  "] } }), 400, "invalid_request", "style_guide.terms_to_avoid.1");
    await expectError(await put(alice, doc.id, { style_guide: { example: "nul\u0000" } }), 400, "invalid_request", "style_guide.example");
    const tooMany = Array.from({ length: limits.styleTerms + 1 }, (_, i) => `term ${i}`);
    await expectError(await put(alice, doc.id, { style_guide: { terms_to_use: tooMany } }), 400, "invalid_request", "style_guide.terms_to_use");
    expect((await open(alice, doc.id)).style_guide).toBeNull();
  });

  it("answers 413 payload_too_large past the style guide's size limit", async () => {
    const doc = await create(alice);
    await expectError(await put(alice, doc.id, { style_guide: { example: "x".repeat(limits.styleGuideBodyBytes) } }), 413, "payload_too_large");
  });

  it("answers 404 for another writer's document or a missing one", async () => {
    const doc = await create(alice);
    await expectError(await put(bob, doc.id, { style_guide: guide }), 404, "not_found");
    await expectError(await put(alice, randomUUID(), { style_guide: guide }), 404, "not_found");
    await expectError(await put(alice, "not-an-id", { style_guide: guide }), 404, "not_found");
    expect((await open(alice, doc.id)).style_guide).toBeNull();
  });

  it("answers 401 without a session", async () => {
    const doc = await create(alice);
    await expectError(await put(new Session(), doc.id, { style_guide: guide }), 401, "unauthorized");
  });
});

describe("the account's default style guide", () => {
  it("starts empty, is set with PATCH /api/account and returned with the account; null clears it", async () => {
    const session = alice;
    expect((await account(session)).style_guide).toBeNull();
    const res = await patchAccount(session, { style_guide: guide });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { account: AccountJson }).account.style_guide).toEqual(guide);
    expect((await account(session)).style_guide).toEqual(guide);
    // Other settings leave it alone.
    await patchAccount(session, { name: "Ada" });
    expect((await account(session)).style_guide).toEqual(guide);
    expect((await patchAccount(session, { style_guide: null })).status).toBe(200);
    expect((await account(session)).style_guide).toBeNull();
  });

  it("is the caller's own, and a document following it keeps style_guide null", async () => {
    await patchAccount(alice, { style_guide: guide });
    expect((await account(bob)).style_guide).toBeNull();
    expect((await open(alice, (await create(alice)).id)).style_guide).toBeNull();
  });

  it("answers 400 naming the offending field", async () => {
    const session = bob;
    await expectError(await patchAccount(session, { style_guide: { reading_level: "phd" } }), 400, "invalid_request", "style_guide.reading_level");
    await expectError(await patchAccount(session, { style_guide: "default" }), 400, "invalid_request", "style_guide");
    expect((await account(session)).style_guide).toBeNull();
  });
});
