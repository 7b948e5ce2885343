import { describe, expect, it } from "vitest";
import type { DocumentContent } from "@/lib/contracts/documents";
import {
  documentToHtml,
  documentToHtmlFragment,
  documentToMarkdown,
  documentToText,
  firstLine,
  safeHref,
  type DocNode,
} from "@/lib/documents/convert";

const doc = (...content: DocNode[]): DocumentContent => ({ type: "doc", content });
const text = (value: string, ...marks: DocNode["marks"] & object): DocNode => ({ type: "text", text: value, ...(marks.length ? { marks } : {}) });
const p = (...content: DocNode[]): DocNode => ({ type: "paragraph", content });
const h = (level: number, value: string): DocNode => ({ type: "heading", attrs: { level }, content: [text(value)] });
const li = (...content: DocNode[]): DocNode => ({ type: "listItem", content });
const ul = (...items: DocNode[]): DocNode => ({ type: "bulletList", content: items });
const ol = (items: DocNode[], start?: number): DocNode => ({ type: "orderedList", ...(start ? { attrs: { start } } : {}), content: items });
const link = (href: string) => ({ type: "link", attrs: { href } });
const bold = { type: "bold" };
const italic = { type: "italic" };

describe("documentToText", () => {
  it("separates blocks with blank lines and puts list items on their own lines", () => {
    const value = doc(h(1, "Title"), p(text("First")), ul(li(p(text("one"))), li(p(text("two")), ul(li(p(text("deep")))))), p(text("Last")));
    expect(documentToText(value)).toBe("Title\n\nFirst\n\none\ntwo\ndeep\n\nLast");
  });

  it("keeps the text of every node and mark, hard breaks as newlines, and skips rules and empty paragraphs", () => {
    const value = doc(
      p(text("a", bold), text("b", italic), text("c", { type: "strike" }), text("d", { type: "code" }), text("e", link("https://x.test")), text("f", { type: "underline" })),
      { type: "paragraph" },
      { type: "horizontalRule" },
      p(text("line one"), { type: "hardBreak" }, text("line two")),
      { type: "blockquote", content: [p(text("quoted"))] },
      { type: "codeBlock", attrs: { language: "js" }, content: [text("let x = 1;\nx++;")] },
      ol([li(p(text("first")))]),
    );
    expect(documentToText(value)).toBe("abcdef\n\nline one\nline two\n\nquoted\n\nlet x = 1;\nx++;\n\nfirst");
  });

  it("degrades unknown nodes to their text", () => {
    const value = doc({ type: "callout", content: [text("inline in unknown")] }, { type: "columns", content: [p(text("col 1")), p(text("col 2"))] });
    expect(documentToText(value)).toBe("inline in unknown\n\ncol 1\n\ncol 2");
  });

  it("is empty for an empty document", () => {
    expect(documentToText({ type: "doc" })).toBe("");
    expect(documentToText(doc({ type: "paragraph" }))).toBe("");
  });

  it("finds the first non-empty line for a default title", () => {
    expect(firstLine(doc({ type: "paragraph" }, h(2, "  Heading first  "), p(text("body"))))).toBe("Heading first");
    expect(firstLine(doc())).toBe("");
  });
});

describe("documentToMarkdown", () => {
  it("writes headings of every level, paragraphs and a horizontal rule", () => {
    const md = documentToMarkdown(doc(h(1, "One"), h(2, "Two"), h(3, "Three"), p(text("Body")), { type: "horizontalRule" }));
    expect(md).toBe("# One\n\n## Two\n\n### Three\n\nBody\n\n---\n");
  });

  it("writes bold, italic, strike, code, underline and links", () => {
    const md = documentToMarkdown(
      doc(
        p(
          text("b", bold),
          text(" "),
          text("i", italic),
          text(" "),
          text("s", { type: "strike" }),
          text(" "),
          text("c", { type: "code" }),
          text(" "),
          text("u", { type: "underline" }),
          text(" "),
          text("site", link("https://example.com/a")),
        ),
      ),
    );
    expect(md).toBe("**b** *i* ~~s~~ `c` <u>u</u> [site](https://example.com/a)\n");
  });

  it("keeps marks open across neighbouring text and moves spaces outside the delimiters", () => {
    const md = documentToMarkdown(doc(p(text("bold "), text("both ", bold), text("and italic", bold, italic), text(" plain"))));
    expect(md).toBe("bold **both *and italic*** plain\n");
  });

  it("fences code spans and blocks longer than the backticks inside them", () => {
    const md = documentToMarkdown(doc(p(text("a `tick`", { type: "code" })), { type: "codeBlock", attrs: { language: "ts" }, content: [text("const s = ```;")] }));
    expect(md).toBe("`` a `tick` ``\n\n````ts\nconst s = ```;\n````\n");
  });

  it("writes nested bullet and ordered lists, with start numbers", () => {
    const value = doc(
      ul(li(p(text("one")), ol([li(p(text("first"))), li(p(text("second")))])), li(p(text("two")))),
      ol([li(p(text("third")))], 3),
    );
    expect(documentToMarkdown(value)).toBe("- one\n  1. first\n  2. second\n- two\n\n3. third\n");
  });

  it("separates a nested list that counts from other than 1, which cannot interrupt a paragraph", () => {
    expect(documentToMarkdown(doc(ul(li(p(text("one")), ol([li(p(text("five")))], 5)))))).toBe("- one\n\n  5. five\n");
  });

  it("quotes every line of a blockquote, nested blocks included", () => {
    const value = doc({ type: "blockquote", content: [p(text("a")), ul(li(p(text("b")))), { type: "blockquote", content: [p(text("c"))] }] });
    expect(documentToMarkdown(value)).toBe("> a\n>\n> - b\n>\n> > c\n");
  });

  it("writes hard breaks as backslash line ends, indented inside list items", () => {
    expect(documentToMarkdown(doc(p(text("a"), { type: "hardBreak" }, text("b"))))).toBe("a\\\nb\n");
    expect(documentToMarkdown(doc(ul(li(p(text("a"), { type: "hardBreak" }, text("b"))))))).toBe("- a\\\n  b\n");
  });

  it("escapes Markdown syntax in text so it stays text", () => {
    const md = documentToMarkdown(doc(p(text("# not a heading")), p(text("1. not a list")), p(text("*stars* _under_ [brackets] <b>html</b> `tick` ~tilde~ a|b &amp;"))));
    expect(md).toBe(
      "\\# not a heading\n\n1\\. not a list\n\n\\*stars\\* \\_under\\_ \\[brackets\\] \\<b\\>html\\</b\\> \\`tick\\` \\~tilde\\~ a\\|b \\&amp;\n",
    );
  });

  it("drops unsafe links but keeps their text", () => {
    const md = documentToMarkdown(doc(p(text("js", link("javascript:alert(1)")), text(" "), text("data", link("data:text/html,x")), text(" "), text("rel", link("/relative")))));
    expect(md).toBe("js data rel\n");
    expect(documentToMarkdown(doc(p(text("mail", link("mailto:a@b.test")))))).toBe("[mail](mailto:a@b.test)\n");
  });

  it("adds the title as a heading unless the document opens with it", () => {
    expect(documentToMarkdown(doc(p(text("Body"))), "My *title*")).toBe("# My \\*title\\*\n\nBody\n");
    expect(documentToMarkdown(doc(h(1, "Same"), p(text("Body"))), "Same")).toBe("# Same\n\nBody\n");
  });

  it("counts an opening heading as the title past blank paragraphs, whatever its case and spacing", () => {
    expect(documentToMarkdown(doc(p(), h(1, "Keeping  Bees"), p(text("Body"))), "keeping bees")).toBe("# Keeping  Bees\n\nBody\n");
  });

  it("degrades unknown nodes to their text", () => {
    expect(documentToMarkdown(doc({ type: "callout", content: [text("note", bold)] }, { type: "widget", text: "leaf" }))).toBe("**note**\n\nleaf\n");
  });
});

describe("documentToHtml", () => {
  it("writes every block node", () => {
    const html = documentToHtmlFragment(
      doc(
        h(1, "H1"),
        h(2, "H2"),
        h(3, "H3"),
        p(text("para")),
        ul(li(p(text("b1")), ol([li(p(text("n1")))]))),
        ol([li(p(text("n3")))], 3),
        { type: "blockquote", content: [p(text("q"))] },
        { type: "codeBlock", attrs: { language: "js" }, content: [text("a < b\nc")] },
        { type: "horizontalRule" },
        p(text("x"), { type: "hardBreak" }, text("y")),
      ),
    );
    expect(html).toBe(
      [
        "<h1>H1</h1>",
        "<h2>H2</h2>",
        "<h3>H3</h3>",
        "<p>para</p>",
        "<ul>\n<li><p>b1</p>\n<ol>\n<li><p>n1</p></li>\n</ol></li>\n</ul>",
        '<ol start="3">\n<li><p>n3</p></li>\n</ol>',
        "<blockquote>\n<p>q</p>\n</blockquote>",
        '<pre><code class="language-js">a &lt; b\nc</code></pre>',
        "<hr>",
        "<p>x<br>y</p>",
      ].join("\n"),
    );
  });

  it("writes every mark, the link outermost", () => {
    const html = documentToHtmlFragment(
      doc(p(text("b", bold), text("i", italic), text("s", { type: "strike" }), text("c", { type: "code" }), text("u", { type: "underline" }), text("all", bold, italic, link("https://e.test/?a=1&b=2")))),
    );
    expect(html).toBe('<p><strong>b</strong><em>i</em><s>s</s><code>c</code><u>u</u><a href="https://e.test/?a=1&amp;b=2"><strong><em>all</em></strong></a></p>');
  });

  it("escapes all text and attributes", () => {
    const html = documentToHtmlFragment(
      doc(p(text(`<script>alert("x")</script> & 'q'`)), { type: "codeBlock", attrs: { language: '"><script>' }, content: [text("<img src=x onerror=alert(1)>")] }),
    );
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;");
    expect(html).toContain('<pre><code class="language-script">&lt;img src=x onerror=alert(1)&gt;</code></pre>');
  });

  it("drops links that are not http(s) or mailto", () => {
    for (const href of ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>", "vbscript:x", "/relative", "#anchor", "not a url"]) {
      expect(documentToHtmlFragment(doc(p(text("t", link(href)))))).toBe("<p>t</p>");
      expect(safeHref(href)).toBeUndefined();
    }
    expect(safeHref("http://a.test")).toBe("http://a.test");
    expect(safeHref("mailto:a@b.test")).toBe("mailto:a@b.test");
  });

  it("makes a standalone page with the escaped title, a stylesheet and the title as h1 unless the document opens with it", () => {
    const page = documentToHtml(doc(p(text("Body"))), "Tom & <Jerry>");
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain("<title>Tom &amp; &lt;Jerry&gt;</title>");
    expect(page).toMatch(/<style>[\s\S]+<\/style>/);
    expect(page).toContain("<h1>Tom &amp; &lt;Jerry&gt;</h1>\n<p>Body</p>");
    expect(documentToHtml(doc(h(1, "Same")), "Same").match(/<h1>/g)).toHaveLength(1);
  });

  it("adds no heading when asked not to, keeping the title for the page's <title>", () => {
    const page = documentToHtml(doc(p(text("First line"))), "First line", { heading: false });
    expect(page).toContain("<title>First line</title>");
    expect(page).not.toContain("<h1>");
  });

  it("degrades unknown nodes to their text", () => {
    expect(documentToHtmlFragment(doc({ type: "callout", content: [text("<note>")] }, { type: "mention", text: "leaf" }))).toBe("<p>&lt;note&gt;</p>\n<p>leaf</p>");
  });
});
