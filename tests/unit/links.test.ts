import { describe, expect, it } from "vitest";
import { markdownToHtml } from "@/lib/client/markdown";
import { safeLink } from "@/lib/links";

describe("the one link rule", () => {
  it("keeps web and mail links, in-page anchors and paths on this site", () => {
    for (const href of ["https://example.com/a?b=1", "HTTP://example.com", "mailto:a@b.test", "#section-2", "/documents", "/d/1#top", "/a b"]) {
      expect(safeLink(href)).toBe(href);
    }
    expect(safeLink("  https://example.com  ")).toBe("https://example.com");
  });

  it("refuses links a browser resolves off-site or runs: //host, /\\host and whitespace tricks", () => {
    for (const href of [
      "//evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\\evil.example",
      "\u0001//evil.example",
      "/\u200B/evil.example",
      "javascript:alert(1)",
      " JavaScript:alert(1)",
      "java\tscript:alert(1)",
      "data:text/html,<b>x</b>",
      "vbscript:x",
      "evil.example",
      "./relative",
      "",
      "   ",
    ]) {
      expect(safeLink(href), JSON.stringify(href)).toBeUndefined();
    }
    expect(safeLink(undefined)).toBeUndefined();
    expect(safeLink(42)).toBeUndefined();
  });

  it("applies to links in model output: an off-site path link is just its text", () => {
    expect(markdownToHtml("[home](/\\evil.example) and [ok](/documents)")).toBe('<p>home and <a href="/documents">ok</a></p>\n');
    expect(markdownToHtml("[x](//evil.example)")).toBe("<p>x</p>\n");
  });
});
