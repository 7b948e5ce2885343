import { afterEach, describe, expect, it, vi } from "vitest";
import type { DocumentContent, DocumentJson } from "@/lib/contracts/documents";
import { isOwnSave, startingPoint } from "@/lib/client/editor/autosave";
import { saveDocument } from "@/lib/client/api/editor-document";
import { contentKey, type PendingChanges } from "@/lib/client/editor/pending-changes";

const text = (value: string): DocumentContent => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: value }] }] });

function serverDoc(version: number, content: DocumentContent, title = "Notes"): DocumentJson {
  const at = "2026-01-01T00:00:00.000Z";
  return { id: "d", title, title_source: "writer", snippet: "", version, created_at: at, updated_at: at, deleted_at: null, content };
}

function pending(base_version: number, base: DocumentContent, content: DocumentContent, sent?: PendingChanges["sent"]): PendingChanges {
  return { title: "Notes", content, base_version, base_title: "Notes", base_content: base, saved_at: "", ...(sent ? { sent } : {}) };
}

describe("startingPoint", () => {
  it("opens the server's document when nothing is pending", () => {
    const start = startingPoint(serverDoc(3, text("a")), undefined);
    expect(start).toMatchObject({ dirty: false, synced: { version: 3 }, draft: { content: text("a") } });
  });

  it("puts pending edits on top of the same version and saves them", () => {
    const start = startingPoint(serverDoc(3, text("a")), pending(3, text("a"), text("ab")));
    expect(start).toMatchObject({ dirty: true, synced: { version: 3 }, draft: { content: text("ab") } });
  });

  it("drops pending edits the server already has", () => {
    const start = startingPoint(serverDoc(4, text("ab")), pending(3, text("a"), text("ab")));
    expect(start).toMatchObject({ dirty: false, synced: { version: 4 } });
  });

  it("takes a save whose answer was lost as the new base", () => {
    const sent = { base_version: 3, keys: [contentKey(text("ab"))] };
    const start = startingPoint(serverDoc(4, text("ab")), pending(3, text("a"), text("abc"), sent));
    expect(start).toMatchObject({ dirty: true, synced: { version: 4, content: text("ab") }, draft: { content: text("abc") } });
  });

  it("keeps the old base for edits on a version saved over elsewhere, so their save meets the conflict flow", () => {
    const start = startingPoint(serverDoc(5, text("theirs")), pending(3, text("a"), text("mine")));
    expect(start).toMatchObject({ dirty: true, synced: { version: 3, content: text("a") }, draft: { content: text("mine") } });
  });
});

describe("isOwnSave", () => {
  it("matches the next version with content this tab sent, whatever the key order", () => {
    const sent = { base_version: 2, keys: [contentKey(text("x"))] };
    const reordered: DocumentContent = { type: "doc", content: [{ content: [{ text: "x", type: "text" }], type: "paragraph" }] };
    expect(isOwnSave(serverDoc(3, reordered), sent)).toBe(true);
    expect(isOwnSave(serverDoc(4, text("x")), sent)).toBe(false);
    expect(isOwnSave(serverDoc(3, text("y")), sent)).toBe(false);
    expect(isOwnSave(serverDoc(3, text("x")), undefined)).toBe(false);
  });
});

describe("saveDocument", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    vi.stubGlobal("fetch", vi.fn(async () => Response.json(body, { status, headers })));

  it("says when a save refused for now (429) is worth sending again, so autosave retries by itself", async () => {
    answer(429, { error: { code: "rate_limited", message: "Too many changes: 120 writes per minute for your account. Retry after 7 s.", param: "writes" } }, { "Retry-After": "7" });
    const outcome = await saveDocument("d", { base_version: 1, content: text("a") });
    expect(outcome).toMatchObject({ kind: "failed", retryAfterMs: 7_000, error: { code: "rate_limited" } });
  });

  it("passes a full account's 413 storage_quota_exceeded on with the server's message, not to be retried by itself", async () => {
    const message = "Storage full: this account stores 20 MB of its 20 MB. Delete documents you no longer need (empty the trash too) to make room.";
    answer(413, { error: { code: "storage_quota_exceeded", message, param: "storage" } });
    const outcome = await saveDocument("d", { base_version: 1, content: text("a") });
    expect(outcome).toEqual({ kind: "failed", error: { code: "storage_quota_exceeded", message, param: "storage" } });
  });
});
