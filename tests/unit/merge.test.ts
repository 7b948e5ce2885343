import { describe, expect, it } from "vitest";
import type { DocumentContent } from "@/lib/contracts/documents";
import { mergeDocuments, mergeTitle, sameContent, type Block } from "@/lib/documents/merge";

const p = (text: string): Block => ({ type: "paragraph", content: [{ type: "text", text }] });
const h = (text: string): Block => ({ type: "heading", attrs: { level: 2 }, content: [{ type: "text", text }] });
const doc = (...blocks: Block[]): DocumentContent => ({ type: "doc", content: blocks });
const texts = (d: DocumentContent) => (d.content ?? []).map((b) => b.content?.[0]?.text ?? "");

const base = doc(h("Title"), p("one"), p("two"), p("three"));

describe("mergeDocuments", () => {
  it("takes a change made on my side only", () => {
    const { doc: merged, conflicts } = mergeDocuments(base, doc(h("Title"), p("one!"), p("two"), p("three")), base);
    expect(texts(merged)).toEqual(["Title", "one!", "two", "three"]);
    expect(conflicts).toEqual([]);
  });

  it("takes a change made on their side only", () => {
    const { doc: merged, conflicts } = mergeDocuments(base, base, doc(h("Title"), p("one"), p("two?"), p("three")));
    expect(texts(merged)).toEqual(["Title", "one", "two?", "three"]);
    expect(conflicts).toEqual([]);
  });

  it("combines changes to different blocks, even neighbours", () => {
    const mine = doc(h("Title"), p("ONE"), p("two"), p("three"));
    const theirs = doc(h("Title"), p("one"), p("TWO"), p("three"));
    const { doc: merged, conflicts } = mergeDocuments(base, mine, theirs);
    expect(texts(merged)).toEqual(["Title", "ONE", "TWO", "three"]);
    expect(conflicts).toEqual([]);
  });

  it("takes the same change made on both sides once", () => {
    const same = doc(h("Title"), p("one"), p("deux"), p("three"));
    const { doc: merged, conflicts } = mergeDocuments(base, same, structuredClone(same));
    expect(texts(merged)).toEqual(["Title", "one", "deux", "three"]);
    expect(conflicts).toEqual([]);
  });

  it("keeps both versions of a block changed differently on both sides, mine first", () => {
    const mine = doc(h("Title"), p("one"), p("two (mine)"), p("three"));
    const theirs = doc(h("Title"), p("one"), p("two (theirs)"), p("three"));
    const { doc: merged, conflicts } = mergeDocuments(base, mine, theirs);
    expect(texts(merged)).toEqual(["Title", "one", "two (mine)", "two (theirs)", "three"]);
    expect(conflicts).toHaveLength(1);
    expect(texts(doc(...conflicts[0]!.mine))).toEqual(["two (mine)"]);
    expect(texts(doc(...conflicts[0]!.theirs))).toEqual(["two (theirs)"]);
  });

  it("keeps a block one side edited and the other deleted", () => {
    const mine = doc(h("Title"), p("one"), p("three"));
    const theirs = doc(h("Title"), p("one"), p("two, longer"), p("three"));
    const { doc: merged, conflicts } = mergeDocuments(base, mine, theirs);
    expect(texts(merged)).toEqual(["Title", "one", "two, longer", "three"]);
    expect(conflicts).toHaveLength(1);
  });

  it("applies insertions at the start and the end from both sides", () => {
    const mine = doc(p("intro"), ...base.content!);
    const theirs = doc(...base.content!, p("outro"));
    const { doc: merged, conflicts } = mergeDocuments(base, mine, theirs);
    expect(texts(merged)).toEqual(["intro", "Title", "one", "two", "three", "outro"]);
    expect(conflicts).toEqual([]);
  });

  it("keeps both when both sides append different text at the end", () => {
    const mine = doc(...base.content!, p("mine at the end"));
    const theirs = doc(...base.content!, p("theirs at the end"));
    const { doc: merged, conflicts } = mergeDocuments(base, mine, theirs);
    expect(texts(merged)).toEqual(["Title", "one", "two", "three", "mine at the end", "theirs at the end"]);
    expect(conflicts).toHaveLength(1);
  });

  it("applies deletions at the start and the end", () => {
    const mine = doc(p("one"), p("two"), p("three"));
    const theirs = doc(h("Title"), p("one"), p("two"));
    const { doc: merged, conflicts } = mergeDocuments(base, mine, theirs);
    expect(texts(merged)).toEqual(["one", "two"]);
    expect(conflicts).toEqual([]);
  });

  it("handles empty documents", () => {
    const empty = doc();
    expect(mergeDocuments(empty, empty, empty)).toEqual({ doc: doc(), conflicts: [] });
    expect(texts(mergeDocuments(empty, doc(p("a")), empty).doc)).toEqual(["a"]);
    expect(texts(mergeDocuments(empty, empty, doc(p("b"))).doc)).toEqual(["b"]);
    const both = mergeDocuments({ type: "doc" }, doc(p("a")), doc(p("b")));
    expect(texts(both.doc)).toEqual(["a", "b"]);
    expect(both.conflicts).toHaveLength(1);
    // Everything deleted on one side, nothing changed on the other.
    expect(texts(mergeDocuments(base, doc(), base).doc)).toEqual([]);
  });

  it("starts from a one empty paragraph document as the editor makes it", () => {
    const start = doc({ type: "paragraph" });
    const { doc: merged, conflicts } = mergeDocuments(start, doc(p("Hello from A")), doc(p("Hello from B")));
    expect(texts(merged)).toEqual(["Hello from A", "Hello from B"]);
    expect(conflicts).toHaveLength(1);
  });

  it("compares blocks regardless of key order (the database reorders JSON keys)", () => {
    const reordered: Block = { content: [{ text: "Title", type: "text" }], attrs: { level: 2 }, type: "heading" };
    const theirs = doc(reordered, p("one"), p("two"), p("three!"));
    const { doc: merged, conflicts } = mergeDocuments(base, doc(h("Title"), p("one?"), p("two"), p("three")), theirs);
    expect(texts(merged)).toEqual(["Title", "one?", "two", "three!"]);
    expect(conflicts).toEqual([]);
  });

  it("does not change its inputs", () => {
    const mine = doc(h("Title"), p("x"), p("two"), p("three"));
    const theirs = doc(h("Title"), p("y"), p("two"), p("three"));
    const copies = structuredClone([base, mine, theirs]);
    mergeDocuments(base, mine, theirs);
    expect([base, mine, theirs]).toEqual(copies);
  });
});

describe("sameContent", () => {
  it("ignores key order and a missing content array", () => {
    expect(sameContent(doc(), { type: "doc" })).toBe(true);
    expect(sameContent(doc(p("a")), { type: "doc", content: [{ content: [{ text: "a", type: "text" }], type: "paragraph" }] })).toBe(true);
    expect(sameContent(doc(p("a")), doc(p("b")))).toBe(false);
  });
});

describe("mergeTitle", () => {
  it("takes the side that changed it, and mine when both did", () => {
    expect(mergeTitle("A", "A", "B")).toBe("B");
    expect(mergeTitle("A", "C", "A")).toBe("C");
    expect(mergeTitle("A", "C", "B")).toBe("C");
  });
});
