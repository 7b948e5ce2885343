import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb, databaseKind } from "@/lib/server/db/client";
import { runMigrations } from "@/lib/server/db/migrate";
import { conversations, documents, documentVersions, usageRecords } from "@/lib/server/db/schema";
import {
  createConversation,
  deleteConversation,
  deleteMessages,
  getConversation,
  insertMessage,
  listConversations,
  listMessages,
  renameConversation,
} from "@/lib/server/db/queries/conversations";
import {
  discardUntouchedDocument,
  insertDocument,
  listDocuments,
  listVersions,
  nameCurrentVersion,
  renameVersion,
  restoreVersion,
  updateDocument,
} from "@/lib/server/db/queries/documents";
import { ownsDocument } from "@/lib/server/db/queries/ownership";
import { storageUse } from "@/lib/server/db/queries/storage";
import { recordUsageBatch, usageByDay } from "@/lib/server/db/queries/usage";
import { createGuestUser, createUserWithPassword, getUserById, moveGuestData, resolveOAuthUser } from "@/lib/server/db/queries/users";

const email = () => `user-${Math.random().toString(36).slice(2, 10)}@example.test`;

async function user() {
  const created = await createUserWithPassword({ email: email(), passwordHash: "scrypt$x" });
  if (created === "email_taken") throw new Error("unexpected");
  return created.user;
}

async function document(ownerId: string, title = "Doc") {
  const db = await getDb();
  const [row] = await db.insert(documents).values({ ownerId, title, content: { type: "doc" } }).returning();
  return row!;
}

describe(`data layer on ${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  it("runs on the configured database and migrating again changes nothing", async () => {
    expect(await databaseKind()).toBe(process.env.TEST_DATABASE_URL ? "postgres" : "pglite");
    await runMigrations();
    await runMigrations();
  });

  describe("users", () => {
    it("refuses a second account with the same email", async () => {
      const address = email();
      expect(await createUserWithPassword({ email: address, passwordHash: "a" })).not.toBe("email_taken");
      expect(await createUserWithPassword({ email: address, passwordHash: "b" })).toBe("email_taken");
    });

    it("registering a guest keeps its id, so everything it owns stays", async () => {
      const guest = await createGuestUser();
      const doc = await document(guest.id);
      const registered = await createUserWithPassword({ email: email(), passwordHash: "h", guestId: guest.id });
      expect(registered).toMatchObject({ user: { id: guest.id, isGuest: false, sessionVersion: guest.sessionVersion + 1 } });
      expect(await ownsDocument({ ownerId: guest.id, documentId: doc.id })).toBe(true);
    });

    it("moves a guest's work to the account it signs in to and removes the guest", async () => {
      const guest = await createGuestUser();
      const account = await user();
      const doc = await document(guest.id);
      const chat = await createConversation({ ownerId: guest.id, documentId: doc.id, title: "t" });
      await recordUsageBatch({ records: [{ userId: guest.id, route: "/api/chat", model: "m", latencyMs: 5, outcome: "ok", promptTokens: 3, completionTokens: 4 }] });
      await moveGuestData({ guestId: guest.id, userId: account.id });
      expect(await ownsDocument({ ownerId: account.id, documentId: doc.id })).toBe(true);
      expect(await getConversation({ ownerId: account.id, conversationId: chat.id })).toMatchObject({ id: chat.id, ownerId: account.id, documentId: doc.id, title: "t" });
      const db = await getDb();
      expect(await db.select().from(usageRecords).where(eq(usageRecords.userId, account.id))).toHaveLength(1);
      expect(await getUserById({ userId: guest.id })).toBeUndefined();
    });

    it("never moves the work of a registered account", async () => {
      const a = await user();
      const b = await user();
      const doc = await document(a.id);
      await moveGuestData({ guestId: a.id, userId: b.id });
      expect(await ownsDocument({ ownerId: a.id, documentId: doc.id })).toBe(true);
      expect(await ownsDocument({ ownerId: b.id, documentId: doc.id })).toBe(false);
    });

    it("links an OAuth account once and refuses to take over an email that has a password", async () => {
      const profile = { provider: "github", providerAccountId: `gh-${Math.random()}`, email: email(), name: "Octo" };
      const first = await resolveOAuthUser({ profile });
      const again = await resolveOAuthUser({ profile });
      expect(first).not.toBe("email_taken");
      expect(again).toMatchObject({ user: { id: (first as { user: { id: string } }).user.id } });
      const existing = await user();
      expect(await resolveOAuthUser({ profile: { ...profile, providerAccountId: "other", email: existing.email } })).toBe("email_taken");
    });
  });

  describe("conversations are scoped by owner", () => {
    it("another owner can neither read, rename, delete nor list them", async () => {
      const owner = await user();
      const other = await user();
      const doc = await document(owner.id);
      const chat = await createConversation({ ownerId: owner.id, documentId: doc.id, title: "Mine" });
      expect(await getConversation({ ownerId: other.id, conversationId: chat.id })).toBeUndefined();
      expect(await renameConversation({ ownerId: other.id, conversationId: chat.id, title: "x" })).toBeUndefined();
      expect(await deleteConversation({ ownerId: other.id, conversationId: chat.id })).toBe(false);
      expect(await listConversations({ ownerId: other.id, documentId: doc.id })).toEqual([]);
      expect((await listConversations({ ownerId: owner.id, documentId: doc.id })).map((c) => c.id)).toEqual([chat.id]);
    });

    it("keeps messages in order and deletes the ones named (the turns after a regenerated question)", async () => {
      const owner = await user();
      const chat = await createConversation({ ownerId: owner.id, title: "t" });
      const scope = { ownerId: owner.id, conversationId: chat.id };
      for (const [id, role] of [["q1", "user"], ["a1", "assistant"], ["q2", "user"], ["a2", "assistant"]] as const) {
        await insertMessage({ message: { ...scope, id, role, content: id, status: "complete", model: null } });
      }
      const all = await listMessages(scope);
      expect(all.map((m) => m.id)).toEqual(["q1", "a1", "q2", "a2"]);
      await deleteMessages({ ...scope, ids: ["a2"] });
      expect((await listMessages(scope)).map((m) => m.id)).toEqual(["q1", "a1", "q2"]);
      expect(await listMessages({ ownerId: (await user()).id, conversationId: chat.id })).toEqual([]);
    });

    it("deleting a document deletes its conversations", async () => {
      const owner = await user();
      const doc = await document(owner.id);
      const chat = await createConversation({ ownerId: owner.id, documentId: doc.id, title: "t" });
      const db = await getDb();
      await db.delete(documents).where(eq(documents.id, doc.id));
      expect(await db.select().from(conversations).where(eq(conversations.id, chat.id))).toEqual([]);
    });
  });

  describe("versions", () => {
    it("keeps only the newest automatic versions of a document, and every labelled one with the state it replaced", async () => {
      const owner = await user();
      const db = await getDb();
      const fields = (n: number) => ({ title: `Doc ${n}`, content: { type: "doc", n }, text: `text ${n}` });
      const doc = await insertDocument({ ownerId: owner.id, fields: fields(1) });
      // Autosaves are taken at most every 10 minutes: age the history so that each save takes one.
      const age = () => db.update(documentVersions).set({ createdAt: new Date(Date.now() - 3_600_000) }).where(eq(documentVersions.documentId, doc.id));
      let version = 1;
      const save = async (n: number, snapshot?: { label: string; source: "ai" | "manual" | "merge" }) => {
        await age();
        const result = await updateDocument({ ownerId: owner.id, documentId: doc.id, baseVersion: version, changes: fields(n), snapshot, keepAutosaves: 2 });
        if (result.status !== "saved") throw new Error(result.status);
        version = result.document.version;
      };
      for (let n = 2; n <= 5; n++) await save(n); // autosaves of versions 2–5
      await db.update(documents).set({ title: "unsnapshotted" }).where(eq(documents.id, doc.id)); // (the state an AI edit replaces)
      await save(6, { label: "AI: Rewrite", source: "ai" }); // autosave of version 5 (already kept), AI version 6
      for (let n = 7; n <= 10; n++) await save(n); // autosaves of versions 7–10
      const kept = await listVersions({ ownerId: owner.id, documentId: doc.id });
      expect(kept.map((v) => `${v.version} ${v.source}`)).toEqual(["10 autosave", "9 autosave", "6 ai", "5 autosave", "1 create"]);

      const versionOne = kept.at(-1)!;
      const restored = await restoreVersion({ ownerId: owner.id, documentId: doc.id, versionId: versionOne.id, keepAutosaves: 2 });
      expect(restored.status).toBe("saved");
      const after = await listVersions({ ownerId: owner.id, documentId: doc.id });
      // The restore's "Before restoring" autosave is kept beside the restore; version 9 is now the oldest automatic one past the two newest.
      expect(after.map((v) => `${v.version} ${v.source}`)).toEqual(["11 restore", "10 autosave", "9 autosave", "6 ai", "5 autosave", "1 create"]);
    });

    it("follows the new content's title until the writer sets one, and a restore keeps the writer's title unless asked", async () => {
      const owner = await user();
      const doc = await insertDocument({ ownerId: owner.id, fields: { title: "Untitled", content: { type: "doc" }, text: "" } });
      const save = async (baseVersion: number, changes: Parameters<typeof updateDocument>[0]["changes"], autoTitle?: string) => {
        const result = await updateDocument({ ownerId: owner.id, documentId: doc.id, baseVersion, changes, autoTitle: autoTitle === undefined ? undefined : () => autoTitle, keepAutosaves: 5 });
        if (result.status !== "saved") throw new Error(result.status);
        return result.document;
      };
      expect((await save(1, { content: { type: "doc", n: 1 }, text: "Bees" }, "Bees")).title).toBe("Bees");
      const named = await save(2, { title: "My bees", titleSet: true, content: { type: "doc", n: 2 }, text: "Wasps" }, "Wasps");
      expect([named.title, named.titleSet]).toEqual(["My bees", true]);
      expect((await save(3, { content: { type: "doc", n: 3 }, text: "Hornets" }, "Hornets")).title).toBe("My bees");

      const created = (await listVersions({ ownerId: owner.id, documentId: doc.id })).find((v) => v.source === "create")!;
      const kept = await restoreVersion({ ownerId: owner.id, documentId: doc.id, versionId: created.id, autoTitleOf: () => "From content", keepAutosaves: 5 });
      expect(kept.status === "saved" && [kept.document.title, kept.document.titleSet]).toEqual(["My bees", true]);
      const retitled = await restoreVersion({ ownerId: owner.id, documentId: doc.id, versionId: created.id, restoreTitle: true, autoTitleOf: () => "From content", keepAutosaves: 5 });
      // Version 1's title was automatic: restoring it makes the title follow the restored content again.
      expect(retitled.status === "saved" && [retitled.document.title, retitled.document.titleSet]).toEqual(["From content", false]);
    });

    it("names the current state as a kept version, and renames a version", async () => {
      const owner = await user();
      const doc = await insertDocument({ ownerId: owner.id, fields: { title: "T", content: { type: "doc" }, text: "x" } });
      const named = await nameCurrentVersion({ ownerId: owner.id, documentId: doc.id, label: "First draft" });
      // Version 1 was kept already ("Created"): it gets the name.
      expect([named?.version, named?.label, named?.source]).toEqual([1, "First draft", "manual"]);
      const renamed = await renameVersion({ ownerId: owner.id, documentId: doc.id, versionId: named!.id, label: "Sent to editor" });
      expect(renamed?.label).toBe("Sent to editor");
      expect(await nameCurrentVersion({ ownerId: (await user()).id, documentId: doc.id, label: "x" })).toBeUndefined();
    });

    it("discards and hides only a new document nobody touched", async () => {
      const owner = await user();
      const blank = () => insertDocument({ ownerId: owner.id, fields: { title: "Untitled", content: { type: "doc" }, text: "" } });
      const [untouched, saved, named, chatted] = await Promise.all([blank(), blank(), blank(), blank()]);
      await updateDocument({ ownerId: owner.id, documentId: saved.id, baseVersion: 1, changes: { content: { type: "doc" }, text: "" }, keepAutosaves: 5 });
      const db = await getDb();
      await db.update(documents).set({ titleSet: true, title: "Mine" }).where(eq(documents.id, named.id));
      await createConversation({ ownerId: owner.id, documentId: chatted.id, title: "t" });

      const listed = await listDocuments({ ownerId: owner.id, trash: false, limit: 10 });
      expect(listed.map((d) => d.id).sort()).toEqual([saved.id, named.id, chatted.id].sort());
      for (const kept of [saved, named, chatted]) expect(await discardUntouchedDocument({ ownerId: owner.id, documentId: kept.id })).toBe(false);
      expect(await discardUntouchedDocument({ ownerId: (await user()).id, documentId: untouched.id })).toBe(false);
      expect(await discardUntouchedDocument({ ownerId: owner.id, documentId: untouched.id })).toBe(true);
    });

    it("counts what an account stores: documents, versions and messages, its own only", async () => {
      const owner = await user();
      const other = await user();
      const empty = await storageUse({ ownerId: owner.id });
      expect(empty).toEqual({ isGuest: false, bytes: 0, document: 0 });
      // Random text: PostgreSQL compresses what repeats, and the count is of what it stores.
      const random = (n: number) => Array.from({ length: n }, () => Math.random().toString(36).slice(2, 3)).join("");
      const text = random(2_000);
      const doc = await insertDocument({ ownerId: owner.id, fields: { title: "T", content: { type: "doc", text }, text } });
      const withDocument = await storageUse({ ownerId: owner.id, documentId: doc.id });
      // The document and its "Created" version, each about twice the text (content and text).
      expect(withDocument!.document).toBeGreaterThan(2_000);
      expect(withDocument!.bytes).toBeGreaterThanOrEqual(2 * withDocument!.document);
      const chat = await createConversation({ ownerId: owner.id, title: "Chat" });
      await insertMessage({ message: { id: "m1", conversationId: chat.id, ownerId: owner.id, role: "user", content: random(3_000), status: "complete", model: null } });
      expect((await storageUse({ ownerId: owner.id }))!.bytes).toBeGreaterThan(withDocument!.bytes + 1_000);
      expect((await storageUse({ ownerId: other.id }))!.bytes).toBe(0);
      expect(await storageUse({ ownerId: other.id, documentId: doc.id })).toMatchObject({ document: 0 });
    });
  });

  describe("usage", () => {
    it("sums tokens per UTC day and model, for one user only", async () => {
      const a = await user();
      const b = await user();
      const record = { route: "/api/write", latencyMs: 10, outcome: "ok" as const };
      await recordUsageBatch({ records: [{ ...record, userId: a.id, model: "m1", promptTokens: 10, completionTokens: 5 }] });
      await recordUsageBatch({ records: [{ ...record, userId: a.id, model: "m1", promptTokens: 1, completionTokens: 2 }] });
      await recordUsageBatch({ records: [{ ...record, userId: a.id, model: "m2", promptTokens: 7, completionTokens: 7 }] });
      await recordUsageBatch({ records: [{ ...record, userId: b.id, model: "m1", promptTokens: 100, completionTokens: 100 }] });
      const db = await getDb();
      const [old] = await db.select().from(usageRecords).where(eq(usageRecords.userId, a.id)).orderBy(usageRecords.id).limit(1);
      await db.update(usageRecords).set({ createdAt: new Date(Date.now() - 3 * 86_400_000) }).where(eq(usageRecords.id, old!.id));
      const rows = await usageByDay({ userId: a.id, since: new Date(Date.now() - 7 * 86_400_000) });
      const today = new Date().toISOString().slice(0, 10);
      const earlier = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
      expect(rows).toEqual([
        { date: earlier, model: "m1", calls: 1, promptTokens: 10, completionTokens: 5 },
        { date: today, model: "m1", calls: 1, promptTokens: 1, completionTokens: 2 },
        { date: today, model: "m2", calls: 1, promptTokens: 7, completionTokens: 7 },
      ]);
      expect(await usageByDay({ userId: a.id, since: new Date() })).toEqual([]);
    });
  });
});
