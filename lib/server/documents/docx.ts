import "server-only";
import {
  AlignmentType,
  BorderStyle,
  DeletedTextRun,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  InsertedTextRun,
  LevelFormat,
  Packer,
  Paragraph,
  ShadingType,
  TextRun,
  type ILevelsOptions,
  type IParagraphOptions,
  type IRunOptions,
  type NumberingDefinition,
  type ParagraphChild,
} from "docx";
import type { AuthorshipReport } from "@/lib/contracts/authorship";
import type { DocumentContent } from "@/lib/contracts/documents";
import { inlineText, safeHref, startsWithTitle, type DocNode } from "@/lib/documents/convert";
import { type SuggestionAttrs, suggestionMarkName } from "@/lib/editor/suggestions/marks";
import { authorshipAppendix } from "./docx-authorship";

const monospace = "Courier New";
const indentStep = 720; // twips: half an inch per list level or quote
const maxLevel = 8; // Word's deepest list level

const headingLevels = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

const bulletSymbols = ["•", "◦", "▪"];

function levels(ordered: boolean, start = 1): ILevelsOptions[] {
  return Array.from({ length: maxLevel + 1 }, (_, level) => ({
    level,
    format: ordered ? LevelFormat.DECIMAL : LevelFormat.BULLET,
    text: ordered ? `%${level + 1}.` : bulletSymbols[level % bulletSymbols.length],
    alignment: AlignmentType.START,
    start,
    style: { paragraph: { indent: { left: indentStep * (level + 1), hanging: 360 } } },
  }));
}

const bullets: NumberingDefinition = { reference: "bullets", levels: levels(false) };
const numbers: NumberingDefinition = { reference: "numbers", levels: levels(true) };

const children = (node: { content?: DocNode[] }): DocNode[] => node.content ?? [];

/** Where a block sits: inside how many quotes. */
interface Place {
  quote: number;
}

/** Converts one document; the counter gives every ordered list its own numbering instance (each counts from its start). */
class DocxWriter {
  private lists = 0;

  constructor(private readonly track: Tracker) {}

  blocks(nodes: DocNode[], place: Place): Paragraph[] {
    return nodes.flatMap((node) => this.block(node, place));
  }

  /**
   * A textblock's runs. A block whose whole text is one pending suggestion (a paragraph the AI adds or
   * removes) tracks its paragraph mark too, so accepting or rejecting in Word adds or removes the paragraph.
   */
  private content(nodes: DocNode[]): Pick<IParagraphOptions, "children" | "run"> {
    const mark = this.track.wholeBlock(nodes);
    return { children: runs(nodes, this.track), ...(mark ? { run: mark } : {}) };
  }

  private quoteOptions(place: Place, extraIndent = 0): IParagraphOptions {
    if (!place.quote && !extraIndent) return {};
    return {
      indent: { left: indentStep * place.quote + extraIndent },
      ...(place.quote ? { border: { left: { style: BorderStyle.SINGLE, size: 12, color: "C8CCD0", space: 8 } } } : {}),
    };
  }

  private block(node: DocNode, place: Place): Paragraph[] {
    switch (node.type) {
      case "paragraph":
        return [new Paragraph({ ...this.content(children(node)), ...this.quoteOptions(place) })];
      case "heading": {
        const level = Math.min(Math.max(Number(node.attrs?.level) || 1, 1), 6);
        return [new Paragraph({ heading: headingLevels[level - 1], ...this.content(children(node)), ...this.quoteOptions(place) })];
      }
      case "bulletList":
      case "orderedList":
        return this.list(node, 0, place);
      case "blockquote":
        return this.blocks(children(node), { quote: place.quote + 1 });
      case "codeBlock":
        return [codeParagraph(inlineText(children(node)), this.quoteOptions(place))];
      case "horizontalRule":
        return [
          new Paragraph({
            children: [],
            border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "auto", space: 1 } },
          }),
        ];
      default:
        if (typeof node.text === "string") return [new Paragraph({ children: runs([node], this.track), ...this.quoteOptions(place) })];
        if (children(node).some((child) => typeof child.text === "string" || child.type === "hardBreak")) {
          return [new Paragraph({ ...this.content(children(node)), ...this.quoteOptions(place) })];
        }
        return this.blocks(children(node), place);
    }
  }

  /** A list's items: the first paragraph of an item carries the bullet or number, the rest align with its text. */
  private list(node: DocNode, depth: number, place: Place): Paragraph[] {
    const ordered = node.type === "orderedList";
    const start = Number(node.attrs?.start);
    const reference: NumberingDefinition =
      ordered && Number.isInteger(start) && start >= 0 && start !== 1
        ? { reference: `numbers-from-${start}`, levels: levels(true, start) }
        : ordered
          ? numbers
          : bullets;
    const instance = ordered ? ++this.lists : undefined;
    const level = Math.min(depth, maxLevel);
    return children(node).flatMap((item) => {
      let numbered = false;
      return children(item).flatMap((child) => {
        if (child.type === "bulletList" || child.type === "orderedList") return this.list(child, depth + 1, place);
        if (!numbered && (child.type === "paragraph" || child.type === "heading")) {
          numbered = true;
          return [
            new Paragraph({
              ...this.content(children(child)),
              numbering: { reference, level, ...(instance ? { instance } : {}) },
            }),
          ];
        }
        const textIndent = indentStep * (level + 1);
        if (child.type === "paragraph") {
          return [new Paragraph({ ...this.content(children(child)), ...this.quoteOptions(place, textIndent) })];
        }
        if (child.type === "codeBlock") return [codeParagraph(inlineText(children(child)), this.quoteOptions(place, textIndent))];
        return this.block(child, place);
      });
    });
  }
}

function codeParagraph(code: string, options: IParagraphOptions): Paragraph {
  return new Paragraph({
    ...options,
    shading: { type: ShadingType.CLEAR, fill: "F3F4F6", color: "auto" },
    children: code.split("\n").map((line, i) => new TextRun({ text: line, font: monospace, size: 20, ...(i > 0 ? { break: 1 } : {}) })),
  });
}

function runOptions(node: DocNode, link: boolean): IRunOptions {
  const has = (type: string) => node.marks?.some((m) => m.type === type) ?? false;
  return {
    text: node.text ?? "",
    bold: has("bold") || undefined,
    italics: has("italic") || undefined,
    strike: has("strike") || undefined,
    underline: has("underline") || link ? {} : undefined,
    color: link ? "0563C1" : undefined,
    ...(has("code") ? { font: monospace, shading: { type: ShadingType.CLEAR, fill: "F3F4F6", color: "auto" } } : {}),
  };
}

interface Change {
  id: number;
  author: string;
  date: string;
}

const suggestionOf = (node: DocNode) => node.marks?.find((mark) => mark.type === suggestionMarkName)?.attrs as Partial<SuggestionAttrs> | undefined;

/**
 * Pending AI suggestions as Word tracked changes (`w:ins` / `w:del`), so a reviewer accepts or rejects
 * them in Word: authored "Draftwise AI (model)", dated when the run was made (else the export's time),
 * each change numbered uniquely in the file.
 */
class Tracker {
  private nextId = 1;

  constructor(private readonly exportedAt: string) {}

  run(node: DocNode, options: IRunOptions): ParagraphChild {
    const attrs = suggestionOf(node);
    if (!attrs) return new TextRun(options);
    const change = this.change(attrs);
    return attrs.kind === "deletion" ? new DeletedTextRun({ ...options, ...change }) : new InsertedTextRun({ ...options, ...change });
  }

  wholeBlock(nodes: DocNode[]): { insertion: Change } | { deletion: Change } | null {
    const attrs = nodes.map(suggestionOf);
    const first = attrs[0];
    if (!first || attrs.some((other) => other?.kind !== first.kind)) return null;
    return first.kind === "deletion" ? { deletion: this.change(first) } : { insertion: this.change(first) };
  }

  private change(attrs: Partial<SuggestionAttrs>): Change {
    return {
      id: this.nextId++,
      author: attrs.model ? `Draftwise AI (${attrs.model})` : "Draftwise AI",
      // Word's dates have no fraction of a second.
      date: (attrs.createdAt ?? this.exportedAt).replace(/\.\d+Z$/, "Z"),
    };
  }
}

/** Inline nodes as runs; neighbouring text with the same (safe) link becomes one hyperlink. */
function runs(nodes: DocNode[], track: Tracker): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  let link: { href: string; runs: ParagraphChild[] } | undefined;
  const flush = () => {
    if (link) out.push(new ExternalHyperlink({ link: link.href, children: link.runs }));
    link = undefined;
  };
  for (const node of nodes) {
    if (node.type === "hardBreak") {
      flush();
      out.push(track.run(node, { break: 1 }));
      continue;
    }
    const textNode = typeof node.text === "string" ? node : { type: "text", text: inlineText(children(node)) };
    const href = safeHref(textNode.marks?.find((m) => m.type === "link")?.attrs?.href);
    if (!href) {
      flush();
      out.push(track.run(textNode, runOptions(textNode, false)));
      continue;
    }
    if (link?.href !== href) {
      flush();
      link = { href, runs: [] };
    }
    link.runs.push(track.run(textNode, runOptions(textNode, true)));
  }
  flush();
  return out;
}

/**
 * The document as a .docx file: the title is the file's title property and (with `heading`), unless
 * the text opens with it, its first line. Pending suggestions still in `doc` become tracked changes.
 * With `authorship`, the document's authorship record follows the text as an appendix.
 */
export async function documentToDocx(
  doc: DocumentContent,
  title: string,
  exportedAt = new Date(),
  { heading: withHeading = true, authorship }: { heading?: boolean; authorship?: AuthorshipReport } = {},
): Promise<Buffer> {
  const writer = new DocxWriter(new Tracker(exportedAt.toISOString()));
  const body = writer.blocks(doc.content ?? [], { quote: 0 });
  const heading = !withHeading || startsWithTitle(doc, title) ? [] : [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] })];
  const file = new Document({
    title,
    creator: "Draftwise",
    numbering: { config: [bullets, numbers] },
    sections: [{ children: [...heading, ...body, ...(authorship ? authorshipAppendix(authorship) : [])] }],
  });
  return Packer.toBuffer(file);
}
