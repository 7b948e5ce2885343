import type { DocumentContent } from "@/lib/contracts/documents";
import { safeLink } from "@/lib/links";

/**
 * The editor's ProseMirror JSON as plain text, Markdown and HTML. Pure and client-safe: the
 * server uses it for the `text` column (search, limits) and exports; the browser may reuse it.
 * Covers Tiptap StarterKit's nodes and marks; an unknown node degrades to its text.
 */

/** One node of the editor's JSON (blocks, inline nodes and text alike). */
export type DocNode = NonNullable<DocumentContent["content"]>[number];
type Mark = NonNullable<DocNode["marks"]>[number];

const children = (node: { content?: DocNode[] }): DocNode[] => node.content ?? [];

const inlineTypes = new Set(["text", "hardBreak"]);

/** Unknown nodes holding text directly are treated as inline containers (a paragraph). */
function holdsInline(node: DocNode): boolean {
  return children(node).some((child) => inlineTypes.has(child.type) || typeof child.text === "string");
}

function headingLevel(node: DocNode): number {
  const level = Number(node.attrs?.level);
  return Number.isInteger(level) ? Math.min(Math.max(level, 1), 6) : 1;
}

function orderedStart(node: DocNode): number {
  const start = Number(node.attrs?.start);
  return Number.isInteger(start) && start >= 0 ? start : 1;
}

/** Only web and mail links survive an export: besides what `safeLink` drops, anchors and paths lead nowhere there. */
export function safeHref(href: unknown): string | undefined {
  const link = safeLink(href);
  return link && /^(https?|mailto):/i.test(link) ? link : undefined;
}

/** The text of nodes, marks ignored; hard breaks become newlines. */
export function inlineText(nodes: DocNode[]): string {
  return nodes
    .map((node) => (node.type === "hardBreak" ? "\n" : typeof node.text === "string" ? node.text : inlineText(children(node))))
    .join("");
}

// ---------------------------------------------------------------------------------------------
// Plain text: blocks separated by blank lines, list items on their own lines.

function textBlocks(nodes: DocNode[]): string[] {
  return nodes.map(textBlock).filter((block) => block !== "");
}

function textBlock(node: DocNode): string {
  switch (node.type) {
    case "paragraph":
    case "heading":
    case "codeBlock":
      return inlineText(children(node));
    case "horizontalRule":
      return "";
    case "bulletList":
    case "orderedList":
      return children(node)
        .map((item) => textBlocks(children(item)).join("\n"))
        .filter(Boolean)
        .join("\n");
    default:
      if (typeof node.text === "string") return node.text;
      return holdsInline(node) ? inlineText(children(node)) : textBlocks(children(node)).join("\n\n");
  }
}

export function documentToText(doc: DocumentContent): string {
  return textBlocks(children(doc)).join("\n\n");
}

/** The first non-empty line of the document, e.g. its first heading: a title for an untitled draft. */
export function firstLine(doc: DocumentContent): string {
  return (
    documentToText(doc)
      .split("\n")
      .map((line) => line.trim())
      .find(Boolean) ?? ""
  );
}

/**
 * Whether the document already opens with a heading that says its title (exports then skip adding
 * one): blank blocks before it, case and spacing don't count.
 */
export function startsWithTitle(doc: DocumentContent, title: string): boolean {
  const first = children(doc).find((block) => textBlock(block).trim() !== "");
  const same = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();
  return first?.type === "heading" && same(inlineText(children(first))) === same(title);
}

// ---------------------------------------------------------------------------------------------
// Markdown (CommonMark + GFM strikethrough; underline as <u>, which Markdown lacks).

function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>~|]/g, "\\$&")
    .replace(/&(?=#?\w+;)/g, "\\&")
    .replace(/^(\s*)([#>+=-])/gm, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/gm, "$1\\$2");
}

/** A code span whose fence is longer than any backtick run inside it. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || /^ .* $/.test(text) ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

interface MdMark {
  key: string;
  open: string;
  close: string;
}

/** The marks Markdown writes as delimiters, outermost first. `code` is handled per text node. */
function markdownMarks(marks: Mark[]): MdMark[] {
  const result: MdMark[] = [];
  const link = marks.find((m) => m.type === "link");
  const href = link && safeHref(link.attrs?.href);
  if (href) result.push({ key: `link:${href}`, open: "[", close: `](${href.replace(/[ ()]/g, encodeURIComponent)})` });
  const has = (type: string) => marks.some((m) => m.type === type);
  if (has("bold")) result.push({ key: "bold", open: "**", close: "**" });
  if (has("italic")) result.push({ key: "italic", open: "*", close: "*" });
  if (has("strike")) result.push({ key: "strike", open: "~~", close: "~~" });
  if (has("underline")) result.push({ key: "underline", open: "<u>", close: "</u>" });
  return result;
}

/**
 * Inline content with marks kept open across neighbouring text nodes (so `**a *b***` rather
 * than `**a****\*b***`), and spaces moved outside delimiters, where Markdown requires them.
 */
function markdownInline(nodes: DocNode[]): string {
  let out = "";
  let active: MdMark[] = [];
  const closeTo = (keep: number) => {
    const trailing = /\s*$/.exec(out)![0];
    out = out.slice(0, out.length - trailing.length);
    for (const mark of active.slice(keep).reverse()) out += mark.close;
    out += trailing;
    active = active.slice(0, keep);
  };
  for (const node of nodes) {
    if (node.type === "hardBreak") {
      out += "\\\n";
      continue;
    }
    const text = typeof node.text === "string" ? node.text : inlineText(children(node));
    if (!text) continue;
    const wanted = typeof node.text === "string" ? markdownMarks(node.marks ?? []) : [];
    let keep = 0;
    while (keep < active.length && active[keep]!.key === wanted[keep]?.key) keep++;
    closeTo(keep);
    const leading = /^\s*/.exec(text)![0];
    out += leading;
    // Whitespace alone opens no delimiters: `** **` is not emphasis.
    if (leading === text) continue;
    for (const mark of wanted.slice(keep)) {
      out += mark.open;
      active.push(mark);
    }
    const body = text.slice(leading.length);
    out += node.marks?.some((m) => m.type === "code") ? codeSpan(body) : escapeMarkdown(body);
  }
  closeTo(0);
  return out;
}

function indent(text: string, first: string, rest: string): string {
  return text
    .split("\n")
    .map((line, i) => (i === 0 ? first + line : line ? rest + line : line))
    .join("\n");
}

function markdownList(node: DocNode): string {
  const ordered = node.type === "orderedList";
  const start = orderedStart(node);
  return children(node)
    .map((item, i) => {
      const marker = ordered ? `${start + i}. ` : "- ";
      const body = markdownItem(children(item));
      return indent(body, marker, " ".repeat(marker.length));
    })
    .join("\n");
}

/**
 * A list item's blocks: a nested list follows its paragraph directly, other blocks after a blank
 * line. An ordered list counting from other than 1 cannot interrupt a paragraph, so it needs one too.
 */
function markdownItem(blocks: DocNode[]): string {
  let out = "";
  for (const block of blocks) {
    const md = markdownBlock(block);
    if (!md) continue;
    const tight = block.type === "bulletList" || (block.type === "orderedList" && orderedStart(block) === 1);
    if (out) out += tight ? "\n" : "\n\n";
    out += md;
  }
  return out;
}

function markdownBlocks(nodes: DocNode[]): string {
  return nodes
    .map(markdownBlock)
    .filter((block) => block !== "")
    .join("\n\n");
}

function markdownBlock(node: DocNode): string {
  switch (node.type) {
    case "paragraph":
      return markdownInline(children(node));
    case "heading": {
      const text = markdownInline(children(node)).replace(/\\\n/g, " ");
      return text ? `${"#".repeat(headingLevel(node))} ${text}` : "";
    }
    case "bulletList":
    case "orderedList":
      return markdownList(node);
    case "blockquote":
      return markdownBlocks(children(node))
        .split("\n")
        .map((line) => (line ? `> ${line}` : ">"))
        .join("\n");
    case "codeBlock": {
      const code = inlineText(children(node));
      const longest = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
      const fence = "`".repeat(longest + 1);
      const language = typeof node.attrs?.language === "string" ? node.attrs.language.replace(/[^\w+#.-]/g, "") : "";
      return `${fence}${language}\n${code}\n${fence}`;
    }
    case "horizontalRule":
      return "---";
    default:
      if (typeof node.text === "string") return escapeMarkdown(node.text);
      return holdsInline(node) ? markdownInline(children(node)) : markdownBlocks(children(node));
  }
}

/** The document as Markdown; with a title, it opens with `# title` unless the document already does. */
export function documentToMarkdown(doc: DocumentContent, title?: string): string {
  const body = markdownBlocks(children(doc));
  const heading = title && !startsWithTitle(doc, title) ? `# ${escapeMarkdown(title)}` : "";
  return [heading, body].filter(Boolean).join("\n\n") + "\n";
}

// ---------------------------------------------------------------------------------------------
// HTML: everything escaped, only safe link hrefs.

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function htmlText(node: DocNode): string {
  let html = escapeHtml(node.text ?? "");
  const marks = node.marks ?? [];
  const has = (type: string) => marks.some((m) => m.type === type);
  // Innermost first, so the link ends up outermost.
  if (has("code")) html = `<code>${html}</code>`;
  if (has("underline")) html = `<u>${html}</u>`;
  if (has("strike")) html = `<s>${html}</s>`;
  if (has("italic")) html = `<em>${html}</em>`;
  if (has("bold")) html = `<strong>${html}</strong>`;
  const href = safeHref(marks.find((m) => m.type === "link")?.attrs?.href);
  if (href) html = `<a href="${escapeHtml(href)}">${html}</a>`;
  return html;
}

function htmlInline(nodes: DocNode[]): string {
  return nodes
    .map((node) => {
      if (node.type === "hardBreak") return "<br>";
      if (typeof node.text === "string") return htmlText(node);
      return escapeHtml(inlineText(children(node)));
    })
    .join("");
}

function htmlBlocks(nodes: DocNode[]): string {
  return nodes.map(htmlBlock).join("\n");
}

function htmlBlock(node: DocNode): string {
  switch (node.type) {
    case "paragraph":
      return `<p>${htmlInline(children(node))}</p>`;
    case "heading": {
      const level = headingLevel(node);
      return `<h${level}>${htmlInline(children(node))}</h${level}>`;
    }
    case "bulletList":
      return `<ul>\n${children(node).map(htmlListItem).join("\n")}\n</ul>`;
    case "orderedList": {
      const start = orderedStart(node);
      return `<ol${start === 1 ? "" : ` start="${start}"`}>\n${children(node).map(htmlListItem).join("\n")}\n</ol>`;
    }
    case "listItem":
      return htmlListItem(node);
    case "blockquote":
      return `<blockquote>\n${htmlBlocks(children(node))}\n</blockquote>`;
    case "codeBlock": {
      const language = typeof node.attrs?.language === "string" ? node.attrs.language.replace(/[^\w-]/g, "") : "";
      const attr = language ? ` class="language-${language}"` : "";
      return `<pre><code${attr}>${escapeHtml(inlineText(children(node)))}</code></pre>`;
    }
    case "horizontalRule":
      return "<hr>";
    default:
      if (typeof node.text === "string") return `<p>${escapeHtml(node.text)}</p>`;
      return holdsInline(node) ? `<p>${htmlInline(children(node))}</p>` : htmlBlocks(children(node));
  }
}

function htmlListItem(item: DocNode): string {
  return `<li>${htmlBlocks(children(item))}</li>`;
}

/** The document's body as an HTML fragment (for previews and pasting). */
export function documentToHtmlFragment(doc: DocumentContent): string {
  return htmlBlocks(children(doc));
}

const exportStyles = `
body { margin: 0; background: #fff; color: #1f2328; font: 17px/1.65 Georgia, "Times New Roman", serif; }
main { max-width: 42rem; margin: 3rem auto; padding: 0 1.25rem; }
h1, h2, h3, h4, h5, h6 { font-family: system-ui, sans-serif; line-height: 1.25; margin: 1.6em 0 0.5em; }
a { color: #0969da; }
blockquote { margin: 1em 0; padding-left: 1em; border-left: 3px solid #d0d7de; color: #57606a; }
code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; }
code { background: #f2f4f6; padding: 0.1em 0.3em; border-radius: 4px; }
pre { background: #f6f8fa; padding: 0.9em 1em; overflow-x: auto; border-radius: 6px; }
pre code { background: none; padding: 0; }
hr { border: 0; border-top: 1px solid #d0d7de; margin: 2em 0; }
`.trim();

/**
 * A standalone HTML file: `<title>`, a small inline stylesheet, and (with `heading`) the title as
 * `<h1>` unless the document opens with it.
 */
export function documentToHtml(doc: DocumentContent, title: string, { heading: withHeading = true } = {}): string {
  const heading = !withHeading || startsWithTitle(doc, title) ? "" : `<h1>${escapeHtml(title)}</h1>\n`;
  return [
    "<!doctype html>",
    "<html>",
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>\n${exportStyles}\n</style>`,
    "</head>",
    "<body>",
    "<main>",
    `${heading}${documentToHtmlFragment(doc)}`,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
