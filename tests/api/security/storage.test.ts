/**
 * Storage per user is bounded (issue 16): a byte quota over documents, versions and messages,
 * automatic versions pruned, caps on API keys and conversations, and a write rate per user.
 * One instance of its own with small settings, beside the global setup's three (API_TEST_PORT + 6).
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentJson, VersionSummaryJson } from "@/lib/contracts/documents";
import { startApp, type AppServer } from "../../fixtures/app-server";
import { expectError } from "../helpers";
import { guestSession, type Session } from "../session";

const port = Number(process.env.API_TEST_PORT ?? 3210) + 6;
const env = {
  STORAGE_QUOTA_BYTES_PER_GUEST: "150000",
  AUTOSAVE_VERSIONS_PER_DOCUMENT: "2",
  API_KEYS_PER_USER: "2",
  CONVERSATIONS_PER_USER: "3",
  WRITE_RATE_LIMIT_RPM: "25",
  LOG_LEVEL: "warn",
};

let app: AppServer;
beforeAll(async () => {
  app = await startApp(port, env);
});
afterAll(async () => {
  await app?.stop();
});

/** Text PostgreSQL can't compress (what a quota-filling attacker would send), `chars` long. */
const noise = (chars: number) => randomBytes(chars).toString("base64").slice(0, chars);
const docOf = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

async function create(session: Session, body: Record<string, unknown>): Promise<Response> {
  return session.json("/api/documents", body);
}

async function created(res: Response): Promise<DocumentJson> {
  if (res.status !== 201) throw new Error(`creating a document failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { document: DocumentJson }).document;
}

const patch = (session: Session, id: string, body: Record<string, unknown>) => session.json(`/api/documents/${id}`, body, { method: "PATCH" });

async function versions(session: Session, id: string): Promise<VersionSummaryJson[]> {
  return ((await (await session.fetch(`/api/documents/${id}/versions`)).json()) as { versions: VersionSummaryJson[] }).versions;
}

describe("storage quota (STORAGE_QUOTA_BYTES_PER_GUEST=150000)", () => {
  it("refuses a save that would fill the account past its quota with 413 storage_quota_exceeded, and lets it cut text or delete to make room", async () => {
    const writer = await guestSession(app.url);
    // 30 KB of text is about 60 KB stored (content and plain text), twice with its "Created" version.
    const doc = await created(await create(writer, { title: "Big", content: docOf(noise(30_000)) }));

    const refused = await expectError(await patch(writer, doc.id, { base_version: 1, content: docOf(noise(40_000)) }), 413, "storage_quota_exceeded", "storage");
    expect(refused.message).toMatch(/^Storage full/);
    expect(refused.message).toMatch(/delete/i);
    await expectError(await create(writer, { content: docOf(noise(30_000)) }), 413, "storage_quota_exceeded");

    // A full account can still shrink a document.
    expect((await patch(writer, doc.id, { base_version: 1, content: docOf("Short now.") })).status).toBe(200);
    await expectError(await create(writer, { content: docOf(noise(30_000)) }), 413, "storage_quota_exceeded");

    // Deleting it forever (versions with it) makes room again.
    expect((await writer.fetch(`/api/documents/${doc.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await writer.fetch(`/api/documents/${doc.id}?permanent=true`, { method: "DELETE" })).status).toBe(204);
    await created(await create(writer, { content: docOf(noise(30_000)) }));
  });
});

describe("outlines count toward the storage quota", () => {
  /** An outline of incompressible key points, about `chars` long. */
  const outlineOf = (chars: number) => ({
    brief: { topic: "Big", audience: "", tone: "", length: "medium" },
    outline: {
      title: "Big",
      sections: Array.from({ length: Math.ceil(chars / 10_000) }, (_, i) => ({
        id: `s${i}`,
        heading: `Section ${i}`,
        keyPoints: Array.from({ length: 20 }, () => noise(500)),
        drafted: false,
        locked: false,
      })),
    },
  });
  const putOutline = (session: Session, id: string, outline: unknown) => session.json(`/api/documents/${id}/outline`, { outline }, { method: "PUT" });

  it("counts a big outline in the account's usage, and refuses an outline save past the quota like a text save", async () => {
    const writer = await guestSession(app.url);
    const small = await created(await create(writer, { title: "Small", content: docOf("Short.") }));
    // 30 KB of text (≈120 KB with its version) fits the 150 KB quota on its own…
    expect((await putOutline(writer, small.id, outlineOf(40_000))).status).toBe(200);
    // …but not beside a 40 KB outline: the outline's bytes are in the usage figure.
    await expectError(await create(writer, { content: docOf(noise(30_000)) }), 413, "storage_quota_exceeded");
    // Removing the outline (a save that doesn't grow it always passes) frees the room again.
    expect((await putOutline(writer, small.id, null)).status).toBe(200);
    const big = await created(await create(writer, { content: docOf(noise(30_000)) }));

    // Now full of text: a big outline is refused, by PUT …/outline and by PATCH alike; a small one still fits.
    const refused = await expectError(await putOutline(writer, big.id, outlineOf(40_000)), 413, "storage_quota_exceeded", "storage");
    expect(refused.message).toMatch(/^Storage full/);
    await expectError(await patch(writer, big.id, { base_version: 1, outline: outlineOf(40_000) }), 413, "storage_quota_exceeded", "storage");
    expect((await putOutline(writer, big.id, outlineOf(5_000))).status).toBe(200);
    // Cutting the outline is never refused.
    expect((await putOutline(writer, big.id, outlineOf(1_000))).status).toBe(200);
  });
});

describe("style guides count toward the storage quota", () => {
  /** The biggest guide the contract takes: about 7.5 KB. */
  const bigGuide = {
    voice: noise(300),
    example: noise(3_000),
    terms_to_use: Array.from({ length: 50 }, () => noise(80)),
    terms_to_avoid: [],
  };

  it("refuses a document's or the account's style guide past the quota with 413, and a small one still fits", async () => {
    const writer = await guestSession(app.url);
    // ≈146 KB of the 150 KB quota: the text and its first version.
    const full = await created(await create(writer, { content: docOf(noise(36_500)) }));
    const putGuide = (guide: unknown) => writer.json(`/api/documents/${full.id}/style-guide`, { style_guide: guide }, { method: "PUT" });
    await expectError(await putGuide(bigGuide), 413, "storage_quota_exceeded", "storage");
    await expectError(await writer.json("/api/account", { style_guide: bigGuide }, { method: "PATCH" }), 413, "storage_quota_exceeded", "storage");
    expect((await putGuide({ voice: "dry" })).status).toBe(200);
    expect((await writer.json("/api/account", { style_guide: { voice: "warm" } }, { method: "PATCH" })).status).toBe(200);
  });
});

describe("caps on what an account can create", () => {
  it("refuses a third active API key (API_KEYS_PER_USER=2) with 403 limit_reached until one is revoked", async () => {
    const owner = await guestSession(app.url);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await owner.json("/api/keys", { name: `key ${i}` });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { key: { id: string } }).key.id);
    }
    const error = await expectError(await owner.json("/api/keys", { name: "one too many" }), 403, "limit_reached", "api_keys");
    expect(error.message).toMatch(/\b2 active API keys\b/);
    expect((await owner.fetch(`/api/keys/${ids[0]}`, { method: "DELETE" })).status).toBe(200);
    expect((await owner.json("/api/keys", { name: "instead" })).status).toBe(201);
  });

  it("refuses a fourth conversation (CONVERSATIONS_PER_USER=3) with 403 limit_reached until one is deleted", async () => {
    const writer = await guestSession(app.url);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await writer.json("/api/conversations", { title: `Chat ${i}` });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { conversation: { id: string } }).conversation.id);
    }
    const error = await expectError(await writer.json("/api/conversations", { title: "One too many" }), 403, "limit_reached", "conversations");
    expect(error.message).toMatch(/\b3 conversations\b/);
    expect((await writer.fetch(`/api/conversations/${ids[0]}`, { method: "DELETE" })).status).toBe(204);
    expect((await writer.json("/api/conversations", { title: "Instead" })).status).toBe(201);
  });
});

describe("write rate (WRITE_RATE_LIMIT_RPM=25)", () => {
  it("answers 429 rate_limited with Retry-After past 25 writes a minute; reads and other users go on", async () => {
    const flooder = await guestSession(app.url);
    for (let i = 0; i < 25; i++) expect((await create(flooder, { title: `Flood ${i}` })).status).toBe(201);
    const res = await create(flooder, { title: "One too many" });
    const retryAfter = Number(res.headers.get("retry-after"));
    const error = await expectError(res, 429, "rate_limited", "writes");
    expect(error.message).toMatch(/25 writes per minute/);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Every write route counts: a save, a new conversation and a new key are refused too.
    await expectError(await flooder.json("/api/conversations", { title: "x" }), 429, "rate_limited");
    await expectError(await flooder.json("/api/keys", { name: "x" }), 429, "rate_limited");
    await expectError(await flooder.json("/api/account", { store_content: true }, { method: "PATCH" }), 429, "rate_limited");
    expect((await flooder.fetch("/api/documents")).status).toBe(200);
    const other = await guestSession(app.url);
    expect((await create(other, { title: "Mine" })).status).toBe(201);
  });
});

/**
 * Rows the API can't make quickly (autosaves are taken at most every 10 minutes): written
 * straight into the instance's database. PGlite is one process per folder, so the app is
 * stopped meanwhile and started again on the same data.
 */
async function withDatabase(run: (query: (sql: string, params?: unknown[]) => Promise<unknown>) => Promise<void>): Promise<void> {
  if (app.databaseUrl) {
    const { Client } = await import("pg");
    const client = new Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      await run((sql, params) => client.query(sql, params));
    } finally {
      await client.end();
    }
    return;
  }
  await app.stop();
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create(path.join(app.dataDir, "pglite"));
  try {
    await run((sql, params) => db.query(sql, params));
  } finally {
    await db.close();
  }
  app = await startApp(port, { ...env, DATA_DIR: app.dataDir });
}

describe("automatic versions (AUTOSAVE_VERSIONS_PER_DOCUMENT=2)", () => {
  it("keeps only the newest automatic versions of a document, never the labelled ones", { timeout: 60_000 }, async () => {
    const writer = await guestSession(app.url);
    const doc = await created(await create(writer, { title: "History", content: docOf("One.") }));
    const ai = await patch(writer, doc.id, { base_version: 1, content: docOf("Two, rewritten."), snapshot: { label: "AI: Rewrite", source: "ai" } });
    expect(ai.status).toBe(200);
    // Four autosaves from long ago (versions 3–6), as hours of typing leave behind.
    await withDatabase(async (query) => {
      await query(
        `insert into document_versions (document_id, owner_id, version, title, content, text, label, source, created_at)
         select document_id, owner_id, g, title, content, text, 'Autosave', 'autosave', now() - interval '2 hours'
         from document_versions, generate_series(3, 6) g where document_id = $1 and version = 2`,
        [doc.id],
      );
      await query(`update document_versions set created_at = now() - interval '2 hours' where document_id = $1`, [doc.id]);
      await query(`update documents set version = 6 where id = $1`, [doc.id]);
    });

    // The next save takes an autosave (the newest is old), and the oldest automatic ones go.
    expect((await patch(writer, doc.id, { base_version: 6, content: docOf("Seven.") })).status).toBe(200);
    const kept = await versions(writer, doc.id);
    expect(kept.map((v) => `${v.version} ${v.source}`)).toEqual(["7 autosave", "6 autosave", "2 ai", "1 create"]);
  });
});
