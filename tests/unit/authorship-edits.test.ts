import { closeHistory, history, redo, undo } from "@tiptap/pm/history";
import { Fragment, type Node, Slice } from "@tiptap/pm/model";
import { EditorState, TextSelection, type Transaction } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import type { DocumentContent } from "@/lib/contracts/documents";
import { mergeDocuments } from "@/lib/documents/merge";
import { documentSchema } from "@/lib/documents/schema";
import { documentProblem } from "@/lib/documents/validate";
import { authorshipTracking, plainPasteWithoutRecord } from "@/lib/editor/authorship/edits";
import type { AuthorshipAttrs } from "@/lib/editor/authorship/marks";
import { markJsonAiWritten } from "@/lib/editor/authorship/json";
import { acceptedByLabel, acceptedNow, authorshipAttrs } from "@/lib/editor/authorship/record";
import { suggestionConflicts } from "@/lib/editor/suggestions/conflicts";
import { acceptRun, acceptSuggestion, findSuggestions, rejectRun } from "@/lib/editor/suggestions/review";
import { suggestEdit } from "@/lib/editor/suggestions/suggest";

const schema = documentSchema();
const { nodes, marks } = schema;
const record = (origin: "ai" | "edited" = "ai", runId = "run0"): AuthorshipAttrs => ({
  runId,
  origin,
  action: "improve",
  model: "gpt-test",
  instruction: "Make it vivid",
  createdAt: "2026-12-01T10:00:00.000Z",
  acceptedAt: "2026-12-01T10:01:00.000Z",
  acceptedBy: "Ada",
});
const ai = (value: string, origin: "ai" | "edited" = "ai", runId = "run0") => schema.text(value, [marks.authorship!.create(record(origin, runId))]);
const p = (...parts: (string | Node)[]) => nodes.paragraph!.create(null, parts.map((part) => (typeof part === "string" ? schema.text(part) : part)));
const doc = (...blocks: Node[]) => nodes.doc!.create(null, blocks);
const stateOf = (content: Node) => EditorState.create({ doc: content, plugins: [history(), suggestionConflicts(), authorshipTracking()] });
const apply = (state: EditorState, tr: Transaction | null) => state.applyTransaction(tr!).state;
const acceptance = { at: "2026-12-07T00:00:00.000Z", by: "Ada" };

/** Each text run of the document as [text, origin or "writer"], paragraphs apart. */
function origins(state: EditorState): [string, string][][] {
  const blocks: [string, string][][] = [];
  state.doc.forEach((block) => {
    const runs: [string, string][] = [];
    block.forEach((child) => {
      const mark = child.marks.find((m) => m.type.name === "authorship");
      runs.push([child.text ?? "", mark ? `${mark.attrs.origin}:${mark.attrs.runId}` : "writer"]);
    });
    blocks.push(runs);
  });
  return blocks;
}

/** The position just after the first occurrence of `needle` in the document's text. */
function after(state: EditorState, needle: string): number {
  let found = -1;
  state.doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(needle)) found = pos + node.text!.indexOf(needle) + needle.length;
    return found < 0;
  });
  if (found < 0) throw new Error(`no ${needle}`);
  return found;
}

/** Types like the view does: inserted text takes the marks at the cursor (inside AI text, its mark). */
function type(state: EditorState, at: number, value: string) {
  const tr = state.tr.setSelection(TextSelection.create(state.doc, at));
  return apply(state, tr.insertText(value));
}

const base = () => stateOf(doc(p("Mine. ", ai("The model wrote this sentence."), " Mine again.")));

describe("accepting AI text marks it with its run's record", () => {
  const suggested = () => {
    const state = stateOf(doc(p("The quick brown fox.")));
    const info = { action: "improve", model: "gpt-test", instruction: "Livelier", createdAt: "2026-12-06T23:59:00.000Z" };
    return apply(state, suggestEdit(state, { from: 1, to: 21, replacement: Fragment.from(schema.text("The swift brown fox leaps.")), runId: "runA", info }));
  };

  it("accepting one hunk marks its inserted words with the run's facts, who accepted them and when; the writer's words stay unmarked", () => {
    const state = suggested();
    const [first] = findSuggestions(state.doc);
    const accepted = apply(state, acceptSuggestion(state, first!.id, acceptance));
    expect(origins(accepted)[0]).toEqual([
      ["The ", "writer"],
      ["swift", "ai:runA"],
      [" brown fox", "writer"],
      [expect.any(String), "writer"],
      [expect.any(String), "writer"],
    ]);
    const mark = accepted.doc.nodeAt(after(accepted, "The "))!.marks.find((m) => m.type.name === "authorship")!;
    expect(mark.attrs).toEqual({
      runId: "runA",
      origin: "ai",
      action: "improve",
      model: "gpt-test",
      instruction: "Livelier",
      createdAt: "2026-12-06T23:59:00.000Z",
      acceptedAt: acceptance.at,
      acceptedBy: "Ada",
    });
  });

  it("accepting a run marks every inserted span; rejecting it leaves no mark", () => {
    const state = suggested();
    const accepted = apply(state, acceptRun(state, "runA", acceptance));
    expect(accepted.doc.textContent).toBe("The swift brown fox leaps.");
    expect(origins(accepted)[0]).toEqual([
      ["The ", "writer"],
      ["swift", "ai:runA"],
      [" brown fox", "writer"],
      [" leaps", "ai:runA"],
      [".", "writer"],
    ]);
    const rejected = apply(state, rejectRun(state, "runA"));
    expect(origins(rejected)).toEqual([[["The quick brown fox.", "writer"]]]);
  });

  it("keeps no instruction when the run's marks keep none (don't store my prompts)", () => {
    const state = stateOf(doc(p("Old words.")));
    const info = { action: "improve", model: "gpt-test", instruction: null, createdAt: "2026-12-06T23:59:00.000Z" };
    const suggested = apply(state, suggestEdit(state, { from: 1, to: 11, replacement: Fragment.from(schema.text("New words.")), runId: "runB", info }));
    const accepted = apply(suggested, acceptRun(suggested, "runB", acceptance));
    const mark = accepted.doc.nodeAt(1)!.marks.find((m) => m.type.name === "authorship")!;
    expect(mark.attrs.instruction).toBeNull();
    expect(mark.attrs.model).toBe("gpt-test");
  });

  it("a hunk the writer typed inside is accepted as edited, their words unmarked", () => {
    const state = stateOf(doc(p("Old.")));
    const suggested = apply(state, suggestEdit(state, { from: 1, to: 5, replacement: Fragment.from(schema.text("Brand new text.")), runId: "runC" }));
    const typed = type(suggested, after(suggested, "Brand"), " shiny");
    const accepted = apply(typed, acceptRun(typed, "runC", acceptance));
    expect(origins(accepted)[0]).toEqual([
      ["Brand", "edited:runC"],
      [" shiny", "writer"],
      [" new text", "edited:runC"],
      // The diff kept the original's full stop: it stays the writer's.
      [".", "writer"],
    ]);
  });

  it("AI text proposed for deletion keeps its mark while pending, and after a reject", () => {
    const state = base();
    const from = after(state, "Mine. ");
    const to = after(state, "sentence.");
    const suggested = apply(state, suggestEdit(state, { from, to, replacement: Fragment.from(schema.text("A rewrite.")), runId: "runD" }));
    const deleted = findSuggestions(suggested.doc)[0]!.spans.find((span) => span.kind === "deletion")!;
    expect(suggested.doc.rangeHasMark(deleted.from, deleted.to, marks.authorship!)).toBe(true);
    expect(origins(apply(suggested, rejectRun(suggested, "runD")))).toEqual(origins(state));
  });

  it("names who accepted: the account's name, else its e-mail, a guest as Guest", () => {
    expect(acceptedByLabel({ name: "Ada Lovelace", email: "ada@example.com" })).toBe("Ada Lovelace");
    expect(acceptedByLabel({ name: " ", email: "ada@example.com" })).toBe("ada@example.com");
    expect(acceptedByLabel({ name: "Guest 42", is_guest: true })).toBe("Guest");
  });
});

describe("the record follows the writer's edits", () => {
  it("text typed inside AI text is the writer's, and the passage becomes edited (both sides of it)", () => {
    const state = base();
    const typed = type(state, after(state, "The model"), " really");
    expect(origins(typed)[0]).toEqual([
      ["Mine. ", "writer"],
      ["The model", "edited:run0"],
      [" really", "writer"],
      [" wrote this sentence.", "edited:run0"],
      [" Mine again.", "writer"],
    ]);
  });

  it("typing at the edge of AI text is the writer's and leaves the passage as the AI wrote it", () => {
    const state = base();
    const typed = type(state, after(state, "sentence."), " And mine");
    expect(origins(typed)[0]).toEqual([
      ["Mine. ", "writer"],
      ["The model wrote this sentence.", "ai:run0"],
      [" And mine Mine again.", "writer"],
    ]);
  });

  it("deleting part of AI text makes the rest edited; deleting all of it leaves no mark", () => {
    const state = base();
    const from = after(state, "The model");
    const partly = apply(state, state.tr.delete(from, from + " wrote".length));
    expect(origins(partly)[0]).toEqual([
      ["Mine. ", "writer"],
      ["The model this sentence.", "edited:run0"],
      [" Mine again.", "writer"],
    ]);
    const whole = apply(state, state.tr.delete(after(state, "Mine. "), after(state, "sentence.")));
    expect(origins(whole)).toEqual([[["Mine.  Mine again.", "writer"]]]);
  });

  it("only the run's text in the paragraph edited becomes edited: other paragraphs and runs keep theirs", () => {
    const state = stateOf(doc(p(ai("First AI paragraph."), " ", ai("Other run.", "ai", "run9")), p(ai("Second AI paragraph."))));
    const typed = type(state, after(state, "First"), "!");
    expect(origins(typed)).toEqual([
      [
        ["First", "edited:run0"],
        ["!", "writer"],
        [" AI paragraph.", "edited:run0"],
        [" ", "writer"],
        ["Other run.", "ai:run9"],
      ],
      [["Second AI paragraph.", "ai:run0"]],
    ]);
  });

  it("splitting a paragraph inside AI text keeps both halves as the AI wrote them; joining them back keeps the marks", () => {
    const state = base();
    const split = apply(state, state.tr.split(after(state, "wrote")));
    expect(origins(split)).toEqual([
      [
        ["Mine. ", "writer"],
        ["The model wrote", "ai:run0"],
      ],
      [
        [" this sentence.", "ai:run0"],
        [" Mine again.", "writer"],
      ],
    ]);
    const boundary = split.doc.firstChild!.nodeSize;
    const joined = apply(split, split.tr.join(boundary));
    expect(joined.doc.eq(state.doc)).toBe(true);
  });

  it("bold on AI words changes no words: the passage stays as the AI wrote it", () => {
    const state = base();
    const bolded = apply(state, state.tr.addMark(after(state, "The "), after(state, "model"), marks.bold!.create()));
    expect(origins(bolded)[0]!.map(([, origin]) => origin)).toEqual(["writer", "ai:run0", "ai:run0", "ai:run0", "writer"]);
  });

  it("pasting studio text keeps its record; pasting plain text is the writer's, and inside AI text edits the passage", () => {
    const state = stateOf(doc(p("Start "), p(ai("AI here."))));
    const paste = (slice: Slice, at: number) => apply(state, state.tr.setSelection(TextSelection.create(state.doc, at)).replaceSelection(slice).setMeta("uiEvent", "paste"));
    const withMarks = paste(new Slice(Fragment.from(ai("copied AI words", "ai", "run7")), 0, 0), after(state, "Start "));
    expect(origins(withMarks)[0]).toEqual([
      ["Start ", "writer"],
      ["copied AI words", "ai:run7"],
    ]);
    const plain = paste(new Slice(Fragment.from(schema.text(" pasted")), 0, 0), after(state, "AI"));
    expect(origins(plain)[1]).toEqual([
      ["AI", "edited:run0"],
      [" pasted", "writer"],
      [" here.", "edited:run0"],
    ]);
  });

  it("plain text pasted inside AI text (Ctrl+Shift+V) is the writer's, though ProseMirror gives it the caret's marks", () => {
    const state = stateOf(doc(p(ai("AI here."))));
    // What ProseMirror parses a plain-text paste at a caret inside AI text into: the text with the caret's marks.
    const parsed = new Slice(Fragment.from(ai(" pasted")), 0, 0);
    const at = after(state, "AI");
    const paste = (plain: boolean) =>
      apply(state, state.tr.setSelection(TextSelection.create(state.doc, at)).replaceSelection(plainPasteWithoutRecord(parsed, plain, schema.marks.authorship!)).setMeta("uiEvent", "paste"));
    expect(origins(paste(true))[0]).toEqual([
      ["AI", "edited:run0"],
      [" pasted", "writer"],
      [" here.", "edited:run0"],
    ]);
    // A rich paste (copied in the studio) keeps the record it came with; the passage it went into is edited.
    expect(origins(paste(false))[0]).toEqual([["AI pasted here.", "edited:run0"]]);
  });

  it("cut and drag within the studio: the moved text keeps its record", () => {
    const state = stateOf(doc(p("Mine. ", ai("Moved words."), " End.")));
    const from = after(state, "Mine. ");
    const to = after(state, "words.");
    const slice = state.doc.slice(from, to);
    const tr = state.tr.delete(from, to);
    tr.insert(tr.doc.content.size - 1, slice.content).setMeta("uiEvent", "drop");
    const dropped = apply(state, tr);
    expect(origins(dropped)[0]).toEqual([
      ["Mine.  End.", "writer"],
      ["Moved words.", "ai:run0"],
    ]);
  });

  it("undo and redo restore exactly what was, origins included", () => {
    const state = base();
    const typed = type(state, after(state, "model"), " really");
    const undone = apply(typed, (() => {
      let out: Transaction | null = null;
      undo(typed, (tr) => (out = tr));
      return out;
    })());
    expect(undone.doc.eq(state.doc)).toBe(true);
    let redone: Transaction | null = null;
    redo(undone, (tr) => (redone = tr));
    expect(apply(undone, redone).doc.eq(typed.doc)).toBe(true);
  });

  it("undoing an accept takes the mark away with the accepted text", () => {
    const state = stateOf(doc(p("Old words.")));
    const suggested = apply(state, suggestEdit(state, { from: 1, to: 11, replacement: Fragment.from(schema.text("New words.")), runId: "runE" }));
    const accepted = apply(suggested, closeHistory(acceptRun(suggested, "runE", acceptance)!));
    expect(accepted.doc.rangeHasMark(0, accepted.doc.content.size, marks.authorship!)).toBe(true);
    let out: Transaction | null = null;
    undo(accepted, (tr) => (out = tr));
    const undone = apply(accepted, out);
    expect(undone.doc.eq(suggested.doc)).toBe(true);
    expect(undone.doc.rangeHasMark(0, undone.doc.content.size, marks.authorship!)).toBe(false);
  });

  it("loads and syncs outside the history are left as they come", () => {
    const state = base();
    const tr = state.tr.setSelection(TextSelection.create(state.doc, after(state, "model"))).insertText(" synced").setMeta("addToHistory", false);
    expect(apply(state, tr).doc.rangeHasMark(after(state, "model"), after(state, "model") + 7, marks.authorship!)).toBe(true);
  });
});

describe("the record travels with the document", () => {
  const edited = () => {
    const state = base();
    return type(state, after(state, "model"), " really").doc;
  };

  it("survives the document JSON round trip (export, import, version restore) and passes the server's check", () => {
    const json = JSON.parse(JSON.stringify(edited().toJSON())) as DocumentContent;
    expect(documentProblem(json)).toBeNull();
    expect(schema.nodeFromJSON(json).eq(edited())).toBe(true);
  });

  it("survives a three-way merge of two edited copies", () => {
    const ancestor = doc(p(ai("Shared AI paragraph.")), p("Two."));
    const mine = doc(p(ai("Shared AI paragraph.")), p("Two, mine."));
    const theirs = doc(p(ai("Shared", "edited"), " theirs", ai(" AI paragraph.", "edited")), p("Two."));
    const json = (node: Node) => node.toJSON() as DocumentContent;
    const { doc: merged, conflicts } = mergeDocuments(json(ancestor), json(mine), json(theirs));
    expect(conflicts).toEqual([]);
    expect(schema.nodeFromJSON(merged).eq(doc(p(ai("Shared", "edited"), " theirs", ai(" AI paragraph.", "edited")), p("Two, mine.")))).toBe(true);
  });

  it("an AI-drafted article with a code block stays valid for the server: the block's text is left unmarked (it allows no marks)", () => {
    const code = marks.code!.create();
    const content = doc(
      p("Run ", schema.text("npm test", [code]), " first."),
      nodes.codeBlock!.create({ language: "sh" }, schema.text("npm ci")),
    ).toJSON() as DocumentContent;
    const record = authorshipAttrs("0b6f3f4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", { action: "draft", model: "gpt-test" }, acceptedNow("Ada"));
    const marked = markJsonAiWritten(content, record);
    expect(documentProblem(marked)).toBeNull();
    const aiText: string[] = [];
    schema.nodeFromJSON(marked).descendants((child) => {
      if (child.isText && child.marks.some((m) => m.type.name === "authorship")) aiText.push(child.text!);
    });
    expect(aiText).toEqual(["Run ", "npm test", " first."]);
  });

  it("an AI-drafted article opened as a document is AI-written throughout, valid for the server, facts it would refuse left out", () => {
    const content = doc(nodes.heading!.create({ level: 2 }, schema.text("Intro")), p("Drafted ", schema.text("bold", [marks.bold!.create()]), " text.")).toJSON() as DocumentContent;
    const record = authorshipAttrs("0b6f3f4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", { action: "draft", model: "gpt-test", createdAt: "not a time" }, acceptedNow("Ada"));
    const marked = markJsonAiWritten(content, record);
    expect(documentProblem(marked)).toBeNull();
    expect(record.createdAt).toBeNull();
    const node = schema.nodeFromJSON(marked);
    expect(node.textContent).toBe("IntroDrafted bold text.");
    node.descendants((child) => {
      if (child.isText) expect(child.marks.find((m) => m.type.name === "authorship")?.attrs).toMatchObject({ origin: "ai", action: "draft", acceptedBy: "Ada" });
    });
  });
});
