import { describe, expect, it } from "vitest";
import { documentContentSchema } from "@/lib/contracts/documents";
import { documentToMarkdown } from "@/lib/documents/convert";
import { markdownToDocument } from "@/lib/documents/markdown-to-document";

describe("markdownToDocument (a finished draft becoming a document)", () => {
  it("turns a draft article into headings and paragraphs", () => {
    const doc = markdownToDocument("# The title\n\n## First section\n\nSome prose\nover two lines.\n\n## Second section\n\nMore prose.");
    expect(documentContentSchema.safeParse(doc).success).toBe(true);
    expect(doc.content).toEqual([
      { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "The title" }] },
      { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "First section" }] },
      { type: "paragraph", content: [{ type: "text", text: "Some prose over two lines." }] },
      { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Second section" }] },
      { type: "paragraph", content: [{ type: "text", text: "More prose." }] },
    ]);
  });

  it("keeps marks, safe links, lists, quotes, code and rules; clamps deep headings to level 3", () => {
    const doc = markdownToDocument(
      [
        "#### Deep",
        "**bold *both*** and `code` and [a link](https://example.com) and [bad](javascript:alert(1)) &amp; \\*",
        "- one\n- two\n  - nested",
        "3. three\n4. four",
        "> quoted",
        "```ts\nconst a = 1;\n```",
        "---",
        "<script>alert(1)</script>",
        "![alt text](https://x.test/a.png)",
      ].join("\n\n"),
    );
    expect(documentContentSchema.safeParse(doc).success).toBe(true);
    const [heading, paragraph, bullets, ordered, quote, code, rule, html, image] = doc.content!;
    expect(heading).toMatchObject({ type: "heading", attrs: { level: 3 } });
    expect(paragraph!.content).toEqual([
      { type: "text", text: "bold ", marks: [{ type: "bold" }] },
      { type: "text", text: "both", marks: [{ type: "bold" }, { type: "italic" }] },
      { type: "text", text: " and " },
      { type: "text", text: "code", marks: [{ type: "code" }] },
      { type: "text", text: " and " },
      { type: "text", text: "a link", marks: [{ type: "link", attrs: { href: "https://example.com" } }] },
      { type: "text", text: " and " },
      { type: "text", text: "bad" },
      { type: "text", text: " & " },
      { type: "text", text: "*" },
    ]);
    expect(bullets).toMatchObject({ type: "bulletList", content: [{ type: "listItem" }, { type: "listItem", content: [{ type: "paragraph" }, { type: "bulletList" }] }] });
    expect(ordered).toMatchObject({ type: "orderedList", attrs: { start: 3 } });
    expect(quote).toMatchObject({ type: "blockquote", content: [{ type: "paragraph" }] });
    expect(code).toEqual({ type: "codeBlock", attrs: { language: "ts" }, content: [{ type: "text", text: "const a = 1;" }] });
    expect(rule).toEqual({ type: "horizontalRule" });
    expect(html).toEqual({ type: "paragraph", content: [{ type: "text", text: "<script>alert(1)</script>" }] });
    expect(image).toEqual({ type: "paragraph", content: [{ type: "text", text: "alt text" }] });
  });

  it("round-trips through the Markdown export", () => {
    const markdown = "# Title\n\n## Section\n\nA **bold** claim with *emphasis*.\n\n- a\n- b";
    expect(documentToMarkdown(markdownToDocument(markdown)).trim()).toBe(markdown);
  });

  it("gives an empty document one empty paragraph", () => {
    expect(markdownToDocument("")).toEqual({ type: "doc", content: [{ type: "paragraph" }] });
  });
});
