import "server-only";
import { AlignmentType, HeadingLevel, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import type { AuthorshipReport } from "@/lib/contracts/authorship";
import { describeRun, shareRows } from "@/lib/editor/authorship/report";

/** The DOCX export's optional appendix: the document's authorship record after its text, on a page of its own. */

const cell = (text: string, { bold = false, right = false } = {}) =>
  new TableCell({
    width: { size: right ? 20 : 60, type: WidthType.PERCENTAGE },
    children: [new Paragraph({ alignment: right ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text, bold })] })],
  });

function shareTable(report: AuthorshipReport): Table {
  const row = (cells: [string, string, string], bold = false) =>
    new TableRow({ children: [cell(cells[0], { bold }), cell(cells[1], { bold, right: true }), cell(cells[2], { bold, right: true })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      row(["Origin", "Words", "Share"], true),
      ...shareRows(report).map((r) => row([r.label, String(r.words), r.percent])),
      row(["Total", String(report.share.words), "100%"], true),
    ],
  });
}

const heading = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(text)] });
const bullet = (children: TextRun[]) => new Paragraph({ numbering: { reference: "bullets", level: 0 }, children });

export function authorshipAppendix(report: AuthorshipReport): (Paragraph | Table)[] {
  const passages = report.passages.map((passage) =>
    bullet([
      new TextRun(`“${passage.excerpt}”`),
      new TextRun({ text: ` — ${describeRun(passage)}; ${passage.origin === "edited" ? "edited since" : "as written"}, ${passage.words} words.`, italics: true }),
    ]),
  );
  const runs = report.runs.map((run) =>
    bullet([
      new TextRun({ text: describeRun(run), bold: true }),
      new TextRun(`: ${run.passages} passage${run.passages === 1 ? "" : "s"}, ${run.words} words`),
      ...(report.instructions_included ? [new TextRun(run.instruction ? `. Instruction: “${run.instruction}”` : ". No instruction.")] : []),
    ]),
  );
  const none = (text: string) => [new Paragraph({ children: [new TextRun({ text, italics: true })] })];
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun("Authorship record")] }),
    new Paragraph({ children: [new TextRun({ text: `Generated ${report.generated_at} by Draftwise.`, italics: true })] }),
    heading("Share by words"),
    shareTable(report),
    heading(`AI passages (${report.passages.length})`),
    ...(passages.length ? passages : none("No AI-written text in this document.")),
    heading(`AI runs (${report.runs.length})`),
    ...(runs.length ? runs : none("None.")),
    heading("Notes"),
    ...report.notes.map((note) => new Paragraph({ children: [new TextRun(note)] })),
  ];
}
