import { getSchema } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import type { DocumentContent } from "@/lib/contracts/documents";
import { documentExtensions } from "@/lib/client/editor/extensions";
import { markdownToDocument } from "@/lib/documents/markdown-to-document";
import { documentSchema } from "@/lib/documents/schema";
import { documentProblem, maxAttributeChars, maxDocumentDepth, maxDocumentNodes } from "@/lib/documents/validate";
import { everyNodeDocument } from "../fixtures/editor-document";

const text = (value: string, ...marks: { type: string; attrs?: Record<string, unknown> }[]) => ({ type: "text", text: value, ...(marks.length ? { marks } : {}) });
const paragraph = (...content: unknown[]) => ({ type: "paragraph", content });
const doc = (...content: unknown[]) => ({ type: "doc", content }) as DocumentContent;
const linked = (href: unknown) => doc(paragraph(text("x", { type: "link", attrs: { href } })));

/** An object nested `depth` levels under key `a`, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe("documentProblem: documents the editor makes", () => {
  it("accepts a document with every node and mark type of the editor's schema", () => {
    const content = everyNodeDocument();
    expect(documentProblem(content)).toBeNull();
    const used = JSON.stringify(content);
    for (const name of [...Object.keys(documentSchema().nodes), ...Object.keys(documentSchema().marks)]) {
      expect(used).toContain(`"type":"${name}"`);
    }
  });

  it("accepts documents written by hand with attributes left out, as the API documents them", () => {
    expect(documentProblem(doc(paragraph()))).toBeNull();
    expect(documentProblem(doc({ type: "heading", attrs: { level: 2 }, content: [text("Title")] }, paragraph(text("Body", { type: "bold" }))))).toBeNull();
    expect(documentProblem(doc({ type: "orderedList", attrs: { start: null }, content: [{ type: "listItem", content: [paragraph()] }] }))).toBeNull();
  });

  it("accepts what a finished draft job becomes, even from awkward Markdown", () => {
    const markdown = ["#### Deep", "- \n- a\n  1. b", "> ", "```\n```", "| a | b |\n| - | - |\n| 1 | 2 |", "**x** [l](javascript:1) `c`", "---", "<div>html</div>"].join("\n\n");
    expect(documentProblem(markdownToDocument(markdown))).toBeNull();
  });

  it("is the schema the editor runs with: its other extensions add no node, mark or attribute", () => {
    const describe = (schema: ReturnType<typeof getSchema>) =>
      [...Object.values(schema.nodes), ...Object.values(schema.marks)].map((type) => [type.name, Object.keys(type.spec.attrs ?? {}), "content" in type.spec ? type.spec.content : null]);
    expect(describe(getSchema(documentExtensions))).toEqual(describe(documentSchema()));
  });
});

describe("documentProblem: refuses what the editor can't open, naming the path", () => {
  it("refuses a node type the editor doesn't know", () => {
    expect(documentProblem(doc(paragraph(), { type: "iframe", attrs: { src: "https://x.test" } }))).toEqual({ path: ["content", 1, "type"], message: 'Unknown node type "iframe".' });
    expect(documentProblem(doc(paragraph({ type: "constructor" })))?.path).toEqual(["content", 0, "content", 0, "type"]);
    expect(documentProblem(doc({ type: "__proto__" }))?.path).toEqual(["content", 0, "type"]);
    expect(documentProblem({ type: "paragraph" })?.path).toEqual(["type"]);
  });

  it("refuses a mark type the editor doesn't know, and marks where they can't be", () => {
    expect(documentProblem(doc(paragraph(text("a"), text("b", { type: "bold" }, { type: "spoiler" }))))?.path).toEqual(["content", 0, "content", 1, "marks", 1, "type"]);
    expect(documentProblem(doc({ type: "codeBlock", content: [text("a", { type: "bold" })] }))?.path).toEqual(["content", 0, "content", 0, "marks", 0]);
    expect(documentProblem(doc(paragraph(text("a", { type: "code" }, { type: "bold" }))))?.message).toBe("bold can't be combined with code.");
    expect(documentProblem(doc(paragraph(text("a", { type: "bold" }, { type: "bold" }))))?.message).toBe("bold is marked twice.");
  });

  it("refuses attributes the schema doesn't have, and values the editor can't hold", () => {
    expect(documentProblem(doc({ type: "heading", attrs: { level: 99 }, content: [text("x")] }))).toEqual({
      path: ["content", 0, "attrs", "level"],
      message: "heading level must be one of 1, 2, 3.",
    });
    expect(documentProblem(doc({ type: "paragraph", attrs: { style: "color:red" } }))?.path).toEqual(["content", 0, "attrs", "style"]);
    expect(documentProblem(doc({ type: "paragraph", attrs: JSON.parse('{"__proto__": {"x": 1}}') }))?.path).toEqual(["content", 0, "attrs", "__proto__"]);
    expect(documentProblem(doc({ type: "codeBlock", attrs: { language: ["ts"] } }))?.path).toEqual(["content", 0, "attrs", "language"]);
    expect(documentProblem(doc({ type: "orderedList", attrs: { start: "3" }, content: [{ type: "listItem", content: [paragraph()] }] }))?.path).toEqual(["content", 0, "attrs", "start"]);
    expect(documentProblem(linked("javascript:alert(1)"))).toEqual({ path: ["content", 0, "content", 0, "marks", 0, "attrs", "href"], message: "link href is not an address the editor links to." });
    for (const href of ["https://example.com", "mailto:a@b.c", "/relative", "#anchor"]) expect(documentProblem(linked(href))).toBeNull();
    // The one link rule (lib/links.ts): nothing off-site in disguise, no other schemes.
    for (const href of ["//evil.example", "/\\evil.example", "tel:+123"]) expect(documentProblem(linked(href))?.path.at(-1)).toBe("href");
  });

  it("refuses deeply nested attributes at once, without recursing into them", () => {
    const level = nested(1_000_000);
    const language = nested(10_000);
    const started = performance.now();
    expect(documentProblem(doc({ type: "heading", attrs: { level }, content: [text("x")] }))?.path).toEqual(["content", 0, "attrs", "level"]);
    expect(documentProblem(doc({ type: "codeBlock", attrs: { language } }))?.message).toBe("codeBlock language must be a string, a number, true, false or null.");
    expect(performance.now() - started).toBeLessThan(20);
  });

  it("refuses nesting deeper than any editor makes, however deep, without exhausting the stack", () => {
    let deep: Record<string, unknown> = paragraph();
    for (let i = 0; i < 200_000; i++) deep = { type: "blockquote", content: [deep] };
    const problem = documentProblem(doc(deep));
    expect(problem?.message).toBe(`The document is nested more than ${maxDocumentDepth} levels deep.`);
    expect(problem?.path).toEqual([...Array.from({ length: maxDocumentDepth }, () => ["content", 0]).flat(), "content"]);
  });

  it("refuses oversized documents: too many nodes, an attribute too long", () => {
    const many = { type: "doc", content: Array.from({ length: maxDocumentNodes }, () => paragraph()) };
    expect(documentProblem(many)).toEqual({ path: [], message: `The document has more than ${maxDocumentNodes.toLocaleString("en-US")} nodes.` });
    expect(documentProblem(linked(`https://x.test/${"a".repeat(maxAttributeChars)}`))?.message).toMatch(/longer than/);
  });

  it("refuses content the schema's nesting rules don't allow", () => {
    expect(documentProblem(doc({ type: "listItem", content: [paragraph()] }))?.path).toEqual(["content", 0]);
    expect(documentProblem(doc(text("loose"))))?.toMatchObject({ path: ["content", 0], message: expect.stringContaining("not allowed here in doc") });
    expect(documentProblem(doc({ type: "bulletList", content: [] }))?.path).toEqual(["content", 0, "content"]);
    expect(documentProblem(doc({ type: "horizontalRule", content: [paragraph()] }))?.message).toBe("horizontalRule holds no content.");
    expect(documentProblem(doc(paragraph(text(""))))?.path).toEqual(["content", 0, "content", 0, "text"]);
    expect(documentProblem(doc({ type: "paragraph", text: "hidden" }))?.path).toEqual(["content", 0, "text"]);
    expect(documentProblem({ type: "doc", content: [] })?.message).toBe(`doc's content must match "block+".`);
  });
});

describe("documentProblem: pending AI suggestions", () => {
  const suggestion = (attrs: Record<string, unknown>) => doc(paragraph(text("x", { type: "suggestion", attrs })));

  it("accepts suggestion marks with safe ids, and their conflict flag", () => {
    expect(documentProblem(suggestion({ kind: "insertion", id: "h_1", runId: "run-1" }))).toBeNull();
    expect(documentProblem(suggestion({ kind: "deletion", id: "h1", runId: "r", conflict: true }))).toBeNull();
  });

  it("refuses a crafted suggestion: unknown kind, unsafe or missing ids, a conflict that isn't true or false", () => {
    const at = (name: string) => ["content", 0, "content", 0, "marks", 0, "attrs", name];
    expect(documentProblem(suggestion({ kind: "comment", id: "h1", runId: "r" }))?.path).toEqual(at("kind"));
    expect(documentProblem(suggestion({ kind: "insertion", id: '"><script>', runId: "r" }))).toEqual({ path: at("id"), message: "suggestion id must be 1 to 64 letters, digits, - or _." });
    expect(documentProblem(suggestion({ kind: "insertion", id: "x".repeat(65), runId: "r" }))?.path).toEqual(at("id"));
    expect(documentProblem(suggestion({ kind: "insertion", id: "h1" }))).toEqual({ path: at("runId"), message: "suggestion needs a runId attribute." });
    expect(documentProblem(doc(paragraph(text("x", { type: "suggestion" }))))?.path).toEqual(at("kind"));
    expect(documentProblem(suggestion({ kind: "insertion", id: "h1", runId: "r", conflict: "yes" }))?.path).toEqual(at("conflict"));
  });

  it("refuses one text marked by two suggestions at once", () => {
    const mark = (id: string) => ({ type: "suggestion", attrs: { kind: "insertion", id, runId: "r" } });
    expect(documentProblem(doc(paragraph(text("x", mark("a"), mark("b")))))?.message).toBe("suggestion is marked twice.");
  });
});

describe("suggestion marks in HTML", () => {
  const schema = documentSchema();
  const type = schema.marks.suggestion!;
  const element = (tag: string, attributes: Record<string, string>) =>
    ({ tagName: tag.toUpperCase(), getAttribute: (name: string) => attributes[name] ?? null, hasAttribute: (name: string) => name in attributes }) as unknown as HTMLElement;
  const parse = (tag: string, attributes: Record<string, string>) => {
    const rule = type.spec.parseDOM!.find((r) => r.tag?.startsWith(tag));
    return (rule as { getAttrs: (el: HTMLElement) => unknown }).getAttrs(element(tag, attributes));
  };

  it("renders <ins>/<del> carrying the suggestion id, run id and kind", () => {
    expect(type.spec.toDOM!(type.create({ kind: "insertion", id: "h1", runId: "r1" }), true)).toEqual(["ins", { "data-kind": "insertion", "data-suggestion-id": "h1", "data-run-id": "r1" }, 0]);
    expect(type.spec.toDOM!(type.create({ kind: "deletion", id: "h1", runId: "r1", conflict: true }), true)).toEqual([
      "del",
      { "data-kind": "deletion", "data-suggestion-id": "h1", "data-run-id": "r1", "data-conflict": "" },
      0,
    ]);
  });

  it("parses them back, and leaves a plain or crafted <ins>/<del> alone", () => {
    expect(parse("del", { "data-suggestion-id": "h1", "data-run-id": "r1", "data-conflict": "" })).toEqual({ kind: "deletion", id: "h1", runId: "r1", conflict: true });
    expect(parse("ins", { "data-suggestion-id": "h1", "data-run-id": "r1" })).toEqual({ kind: "insertion", id: "h1", runId: "r1", conflict: false });
    expect(parse("ins", { "data-suggestion-id": "h 1", "data-run-id": "r1" })).toBe(false);
    expect(parse("ins", { "data-suggestion-id": "h1" })).toBe(false);
  });

  it("refuses ids the server would refuse when the editor creates a mark", () => {
    expect(() => schema.text("x", [type.create({ kind: "insertion", id: "<b>", runId: "r" })]).check()).toThrow(/suggestion id/);
  });
});
