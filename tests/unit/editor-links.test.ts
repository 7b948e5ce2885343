import { describe, expect, it } from "vitest";
import { documentProblem } from "@/lib/documents/validate";
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
