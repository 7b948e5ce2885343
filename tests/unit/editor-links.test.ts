import { describe, expect, it } from "vitest";
import { documentProblem } from "@/lib/documents/validate";
import { EditorState, TextSelection } from "@tiptap/pm/state";
import { documentSchema } from "@/lib/documents/schema";
import { linkTarget } from "@/lib/editor/links";

describe("linkTarget: the address a link typed or pasted in the editor gets", () => {
  it("keeps http, https and mailto links, in-page anchors and paths on this site", () => {
    for (const href of ["https://example.com/a?b=1", "http://example.com", "mailto:a@b.test", "#intro", "/documents"]) expect(linkTarget(href)).toBe(href);
    expect(linkTarget("  https://example.com  ")).toBe("https://example.com");
  });

  it("reads a bare host as https and a bare address as mailto", () => {
    expect(linkTarget("example.com/page")).toBe("https://example.com/page");
    expect(linkTarget("www.example.org")).toBe("https://www.example.org");
    expect(linkTarget("ada@example.com")).toBe("mailto:ada@example.com");
  });

  it("refuses every other protocol, and text that isn't an address", () => {
    for (const input of ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x", "ftp://example.com", "file:///etc/passwd", "tel:123", "//evil.example", "hello world", "localhost", "10.0.0.1", ""]) {
      expect(linkTarget(input), JSON.stringify(input)).toBeUndefined();
    }
  });
});

describe("the editor's link rule and the server's document check agree", () => {
  const linked = (href: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href } }] }] }] });

  it("the server accepts every address the editor gives a link, and refuses the ones it refuses", () => {
    for (const input of ["https://example.com", "example.com/page", "ada@example.com", "mailto:a@b.test", "/documents", "#intro"]) {
      expect(documentProblem(linked(linkTarget(input)!)), input).toBeNull();
    }
    for (const href of ["javascript:alert(1)", "data:text/html,x", "ftp://example.com", "vbscript:x", "//evil.example"]) {
      expect(linkTarget(href)).toBeUndefined();
      expect(documentProblem(linked(href))?.message, href).toBe("link href is not an address the editor links to.");
    }
  });
});

describe("typing next to a link", () => {
  const schema = documentSchema();
  const link = schema.marks.link!.create({ href: "https://example.com" });
  // "See " + "example" (linked) + "." : positions 1–4 plain, 5–12 the link, then the full stop.
  const doc = schema.node("doc", null, [schema.node("paragraph", null, [schema.text("See "), schema.text("example", [link]), schema.text(".")])]);
  const typeAt = (pos: number, text: string) => {
    const state = EditorState.create({ doc, selection: TextSelection.create(doc, pos) });
    return state.apply(state.tr.insertText(text)).doc;
  };
  const linkedText = (node: typeof doc) => {
    let text = "";
    node.descendants((child) => {
      if (child.isText && link.isInSet(child.marks)) text += child.text;
    });
    return text;
  };

  it("at its end writes plain text after it", () => {
    expect(linkedText(typeAt(12, "s"))).toBe("example");
  });

  it("inside it extends the link", () => {
    expect(linkedText(typeAt(8, "-"))).toBe("exa-mple");
  });
});
