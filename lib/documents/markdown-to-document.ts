import { Lexer, type Token, type Tokens } from "marked";
import type { DocumentContent } from "@/lib/contracts/documents";
import { safeHref, type DocNode } from "./convert";

/**
 * Markdown (model output) as the editor's ProseMirror JSON, without a DOM: what the browser's
 * `markdownToBlocks` gets by parsing `markdownToHtml`, for the server (a finished draft job
 * becoming a document). Pure and client-safe. Covers the StarterKit schema the editor uses:
 * headings deeper than 3 become level 3, tables become one paragraph per row, raw HTML is
 * kept as text and images as their alt text (as the browser path does).
 */
export function markdownToDocument(markdown: string): DocumentContent {
  const tokens = new Lexer({ gfm: true, breaks: false }).lex(markdown);
  const content = blocks(tokens);
  return { type: "doc", content: content.length ? content : [{ type: "paragraph" }] };
}

type Mark = NonNullable<DocNode["marks"]>[number];

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", "#39": "'" };

/** Marked leaves character references in text as written; the editor wants the characters. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return fromCodePoint(parseInt(name.slice(2), 16)) ?? whole;
    if (name.startsWith("#")) return fromCodePoint(parseInt(name.slice(1), 10)) ?? whole;
    return entities[name.toLowerCase()] ?? whole;
  });
}

function fromCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

function textNode(text: string, marks: Mark[]): DocNode[] {
  if (!text) return [];
  return [marks.length ? { type: "text", text, marks } : { type: "text", text }];
}

/** Inline tokens as text nodes with marks; soft line breaks become spaces, as in HTML. */
function inline(tokens: Token[] | undefined, marks: Mark[] = []): DocNode[] {
  const out: DocNode[] = [];
  for (const token of tokens ?? []) {
    switch (token.type) {
      case "strong":
        out.push(...inline((token as Tokens.Strong).tokens, [...marks, { type: "bold" }]));
        break;
      case "em":
        out.push(...inline((token as Tokens.Em).tokens, [...marks, { type: "italic" }]));
        break;
      case "del":
        out.push(...inline((token as Tokens.Del).tokens, [...marks, { type: "strike" }]));
        break;
      case "codespan": {
        // The code mark excludes the others; a link around it is kept.
        const link = marks.filter((m) => m.type === "link");
        out.push(...textNode(decodeEntities((token as Tokens.Codespan).text), [...link, { type: "code" }]));
        break;
      }
      case "link": {
        const link = token as Tokens.Link;
        const href = safeHref(link.href);
        out.push(...inline(link.tokens, href ? [...marks.filter((m) => m.type !== "link"), { type: "link", attrs: { href } }] : marks));
        break;
      }
      case "image":
        out.push(...textNode((token as Tokens.Image).text, marks));
        break;
      case "br":
        out.push({ type: "hardBreak" });
        break;
      case "escape":
        out.push(...textNode((token as Tokens.Escape).text, marks));
        break;
      case "html":
        out.push(...textNode((token as Tokens.HTML).text.replace(/\s*\n\s*/g, " "), marks));
        break;
      default: {
        const text = token as Tokens.Text;
        if ("tokens" in text && text.tokens?.length) out.push(...inline(text.tokens, marks));
        else out.push(...textNode(decodeEntities(String(text.text ?? "")).replace(/\s*\n\s*/g, " "), marks));
      }
    }
  }
  return out;
}

function paragraph(content: DocNode[]): DocNode {
  return content.length ? { type: "paragraph", content } : { type: "paragraph" };
}

function blocks(tokens: Token[]): DocNode[] {
  return tokens.flatMap(block);
}

function block(token: Token): DocNode[] {
  switch (token.type) {
    case "space":
    case "def":
      return [];
    case "heading": {
      const heading = token as Tokens.Heading;
      const content = inline(heading.tokens);
      return [{ type: "heading", attrs: { level: Math.min(Math.max(heading.depth, 1), 3) }, ...(content.length ? { content } : {}) }];
    }
    case "paragraph":
      return [paragraph(inline((token as Tokens.Paragraph).tokens))];
    case "text": {
      // A tight list item's text: its inline tokens, or its raw text.
      const text = token as Tokens.Text;
      return [paragraph(text.tokens?.length ? inline(text.tokens) : inline([token]))];
    }
    case "blockquote": {
      const content = blocks((token as Tokens.Blockquote).tokens);
      return [{ type: "blockquote", content: content.length ? content : [{ type: "paragraph" }] }];
    }
    case "code": {
      const code = token as Tokens.Code;
      const text = code.text.replace(/\n$/, "");
      return [{ type: "codeBlock", attrs: { language: code.lang?.trim().split(/\s/)[0] || null }, ...(text ? { content: [{ type: "text", text }] } : {}) }];
    }
    case "hr":
      return [{ type: "horizontalRule" }];
    case "list":
      return [list(token as Tokens.List)];
    case "table": {
      const table = token as Tokens.Table;
      return [table.header, ...table.rows].map((row) =>
        paragraph(row.flatMap((cell, i) => [...(i ? textNode(" | ", []) : []), ...inline(cell.tokens)])),
      );
    }
    case "html": {
      const text = (token as Tokens.HTML).text.trim();
      return text ? [paragraph(textNode(text, []))] : [];
    }
    default: {
      const text = (token as { text?: unknown }).text;
      return typeof text === "string" && text.trim() ? [paragraph(textNode(text.trim(), []))] : [];
    }
  }
}

function list(token: Tokens.List): DocNode {
  const items: DocNode[] = token.items.map((item) => {
    const content = blocks(item.tokens);
    // A list item starts with a paragraph in the editor's schema.
    if (content[0]?.type !== "paragraph") content.unshift({ type: "paragraph" });
    return { type: "listItem", content };
  });
  if (!token.ordered) return { type: "bulletList", content: items };
  const start = typeof token.start === "number" ? token.start : 1;
  return { type: "orderedList", attrs: { start }, content: items };
}
