import { describe, expect, it } from "vitest";
import { applyHunks, createHunkStream, diffHunks, tokenize, type TextHunk } from "@/lib/editor/text-hunks";

/** A small seeded generator, so a failing case can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const vocabulary = ["the", "a", "cat", "sat", "on", "mat", "😀", "東", "京", "e\u0301", "👨‍👩‍👧", ",", ".", "!", " ", "  ", "\n", "\n\n", "**", "don't", "3.14", "🇫🇷", "naïve"];

function randomText(next: () => number, words: number) {
  let out = "";
  for (let i = 0; i < words; i++) out += vocabulary[Math.floor(next() * vocabulary.length)]! + (next() < 0.6 ? " " : "");
  return out;
}

function mutate(next: () => number, text: string) {
  const tokens = tokenize(text);
  const out: string[] = [];
  for (const t of tokens) {
    const r = next();
    if (r < 0.1) continue;
    if (r < 0.2) out.push(vocabulary[Math.floor(next() * vocabulary.length)]!);
    else if (r < 0.25) out.push(t, vocabulary[Math.floor(next() * vocabulary.length)]!);
    else out.push(t);
  }
  return out.join("");
}

function isLoneSurrogateEdge(text: string, offset: number) {
  const code = text.charCodeAt(offset);
  return offset > 0 && offset < text.length && code >= 0xdc00 && code <= 0xdfff;
}

function checkHunks(original: string, edited: string, hunks: TextHunk[]) {
  expect(applyHunks(original, hunks)).toBe(edited);
  hunks.forEach((h, i) => {
    expect(h.id).toBe(`h${i + 1}`);
    expect(original.slice(h.start, h.end)).toBe(h.deleted);
    expect(h.deleted === "" && h.inserted === "").toBe(false);
    expect(isLoneSurrogateEdge(original, h.start) || isLoneSurrogateEdge(original, h.end)).toBe(false);
  });
}

/** Feeds `edited` to a stream in random chunk sizes; returns what was emitted while streaming and at the end. */
function streamInChunks(original: string, edited: string, next: () => number) {
  const stream = createHunkStream(original);
  const streamed: TextHunk[] = [];
  for (let at = 0; at < edited.length; ) {
    const size = 1 + Math.floor(next() * 12);
    const fresh = stream.push(edited.slice(at, at + size));
    // Never retracted: what was emitted stays a prefix of everything emitted after.
    expect(stream.emitted.slice(0, streamed.length)).toEqual(streamed);
    streamed.push(...fresh);
    at += size;
  }
  const { text, hunks } = stream.finish();
  expect(text).toBe(edited);
  return { streamed, all: [...streamed, ...hunks] };
}

describe("text hunks", () => {
  it("reproduces the edited text exactly on random edits of mixed-script text", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const original = randomText(next, 5 + Math.floor(next() * 60));
      const edited = next() < 0.2 ? randomText(next, Math.floor(next() * 40)) : mutate(next, original);
      checkHunks(original, edited, diffHunks(original, edited));
    }
  });

  it("gives no hunks for identical text", () => {
    expect(diffHunks("Same **text**, same.\n", "Same **text**, same.\n")).toEqual([]);
    expect(diffHunks("", "")).toEqual([]);
  });

  it("replaces everything when nothing is shared", () => {
    const hunks = diffHunks("alpha beta", "gamma delta");
    expect(hunks).toEqual([{ id: "h1", start: 0, end: 10, deleted: "alpha beta", inserted: "gamma delta" }]);
    expect(diffHunks("", "new text")).toEqual([{ id: "h1", start: 0, end: 0, deleted: "", inserted: "new text" }]);
    expect(diffHunks("old text", "")).toEqual([{ id: "h1", start: 0, end: 8, deleted: "old text", inserted: "" }]);
  });

  it("changes whole words, never parts of one", () => {
    expect(diffHunks("The cat sat.", "The cats sat.")).toEqual([{ id: "h1", start: 4, end: 7, deleted: "cat", inserted: "cats" }]);
    expect(diffHunks("I don't know", "I do not know")).toMatchObject([{ deleted: "don't", inserted: "do not" }]);
  });

  it("joins changes separated by a single space into one hunk", () => {
    expect(diffHunks("the quick brown fox", "a slow red fox")).toMatchObject([
      { start: 0, end: 15, deleted: "the quick brown", inserted: "a slow red" },
    ]);
  });

  it("keeps whitespace-only and punctuation changes exact", () => {
    expect(diffHunks("one  two\nthree", "one two\n\nthree")).toMatchObject([
      { deleted: "  ", inserted: " " },
      { deleted: "\n", inserted: "\n\n" },
    ]);
    expect(diffHunks("Hello, world.", "Hello; world!")).toMatchObject([
      { deleted: ",", inserted: ";" },
      { deleted: ".", inserted: "!" },
    ]);
    expect(diffHunks("a **bold** word", "a *bold* word")).toMatchObject([
      { deleted: "**", inserted: "*" },
      { deleted: "**", inserted: "*" },
    ]);
  });

  it("handles emoji, CJK and combining marks as whole characters", () => {
    const original = "Café e\u0301t 😀 东京都 👨‍👩‍👧 🇫🇷";
    const edited = "Café e\u0302t 😃 东京府 👨‍👩‍👦 🇩🇪";
    const hunks = diffHunks(original, edited);
    checkHunks(original, edited, hunks);
    expect(hunks.map((h) => h.deleted)).toEqual(["e\u0301t 😀", "都 👨‍👩‍👧 🇫🇷"]);
    expect(diffHunks("東京に住む", "大阪に住む")).toMatchObject([{ deleted: "東京", inserted: "大阪" }]);
  });

  it("rejects overlapping hunks", () => {
    expect(() => applyHunks("abcdef", [{ start: 2, end: 4, inserted: "" }, { start: 3, end: 5, inserted: "" }])).toThrow(RangeError);
  });

  it("diffs a 10,000-word rewrite quickly", () => {
    const next = random(42);
    const words = Array.from({ length: 10_000 }, (_, i) => `word${i % 1500}${i % 7 === 0 ? "," : ""}`);
    const original = words.join(" ");
    const edited = words.map((w) => (next() < 0.3 ? `new${Math.floor(next() * 3000)}` : w)).join(" ");
    const started = performance.now();
    const hunks = diffHunks(original, edited);
    const elapsed = performance.now() - started;
    checkHunks(original, edited, hunks);
    expect(hunks.length).toBeGreaterThan(500);
    expect(elapsed).toBeLessThan(2_000);
  });
});

describe("streamed hunks", () => {
  const original =
    "Draftwise helps writers. It keeps their words safe and shows every change the AI makes.\n\n" +
    "Writers review each change, accept the good ones and reject the rest.";
  const edited =
    "Draftwise helps authors. It keeps their words safe and shows each change the model makes.\n\n" +
    "Writers review every change, keep the good ones and reject the rest!";

  it("emits stable hunks before the answer ends, each once, in order, ending with the full diff", () => {
    const next = random(7);
    const { streamed, all } = streamInChunks(original, edited, next);
    expect(streamed.length).toBeGreaterThan(0);
    expect(all).toEqual(diffHunks(original, edited));
  });

  it("does not emit a change until three equal words follow it", () => {
    const stream = createHunkStream("one two three four five");
    expect(stream.push("uno two three")).toEqual([]);
    expect(stream.push(" four")).toEqual([]); // "four" may still grow
    expect(stream.push(" five")).toMatchObject([{ id: "h1", deleted: "one", inserted: "uno" }]);
    expect(stream.finish().hunks).toEqual([]);
  });

  it("gives the same final hunks for any chunking and never retracts one", () => {
    for (let seed = 1; seed <= 150; seed++) {
      const next = random(seed);
      const text = randomText(next, 10 + Math.floor(next() * 80));
      const answer = mutate(next, text);
      const { all } = streamInChunks(text, answer, next);
      expect(applyHunks(text, all)).toBe(answer);
      all.forEach((h, i) => expect(h.id).toBe(`h${i + 1}`));
    }
  });

  it("matches the full diff on prose edited word by word, whatever the chunk sizes", () => {
    const prose =
      "Good writing starts with a clear question. The writer gathers notes, sketches an outline and drafts quickly. " +
      "Revision is where most of the work happens: sentences get shorter, claims get evidence, and jargon gives way " +
      "to plain words.\n\nEditors read for structure first, then for rhythm, and only at the end for typos. A good " +
      "tool keeps every change visible, so nothing slips in unnoticed and the author stays in charge of each word.";
    for (let seed = 1; seed <= 30; seed++) {
      const next = random(seed);
      const answer = prose.replace(/\b\w+\b/g, (w) => (next() < 0.15 ? w.toUpperCase() : next() < 0.05 ? `${w} indeed` : w));
      expect(streamInChunks(prose, answer, next).all).toEqual(diffHunks(prose, answer));
    }
  });

  it("streams a long rewrite without re-diffing the whole text each time", () => {
    const words = Array.from({ length: 10_000 }, (_, i) => `w${i % 1500}`);
    const original = words.join(" ");
    const answer = words.map((w, i) => (i % 10 === 0 ? `x${i}` : w)).join(" ");
    const started = performance.now();
    const { streamed, all } = streamInChunks(original, answer, random(3));
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(streamed.length).toBeGreaterThan(900);
    expect(all).toEqual(diffHunks(original, answer));
  });
});

describe("streamed hunks of a wholesale rewrite", () => {
  it("stays fast when nothing in the answer matches the original", () => {
    const original = Array.from({ length: 10_000 }, (_, i) => `old${i % 50}`).join(" ");
    const answer = Array.from({ length: 10_000 }, (_, i) => `new${i % 50}`).join(" ");
    const stream = createHunkStream(original);
    const started = performance.now();
    for (let at = 0; at < answer.length; at += 6) stream.push(answer.slice(at, at + 6));
    const { hunks } = stream.finish();
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(applyHunks(original, [...stream.emitted, ...hunks])).toBe(answer);
  });
});
