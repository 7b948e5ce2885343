import { describe, expect, it } from "vitest";
import { rebaseProposal, streamProposal } from "@/lib/editor/suggestions/stream";

describe("streamProposal: a partial answer proposed for the whole original", () => {
  const original = "The quick brown fox jumps over the dog.";

  it("keeps the original the answer hasn't reached, so nothing is deleted before the model says so", () => {
    expect(streamProposal(original, "The slow ", false)).toEqual({ text: "The slow quick brown fox jumps over the dog.", pending: true });
    expect(streamProposal(original, "The slow brown fox jumps ov", false)).toEqual({ text: "The slow brown fox jumps over the dog.", pending: false });
  });

  it("holds back a half-arrived word and keeps the latest change pending until three equal words follow it", () => {
    expect(streamProposal(original, "The slow brown fo", false)).toEqual({ text: "The slow brown fox jumps over the dog.", pending: true });
    expect(streamProposal(original, "The", false)).toEqual({ text: original, pending: false });
  });

  it("shows a deletion in the middle once the answer has moved past it", () => {
    expect(streamProposal(original, "The quick fox jumps over ", false).text).toBe("The quick fox jumps over the dog.");
  });

  it("is the answer itself once it is complete", () => {
    expect(streamProposal(original, "A slow fox.", true)).toEqual({ text: "A slow fox.", pending: false });
  });
});

describe("rebaseProposal: the writer's edits made while the answer streams stay theirs", () => {
  const base = "The quick brown fox jumps over the dog.";

  it("applies the AI's changes around the writer's edits", () => {
    expect(rebaseProposal(base, "The quick brown fox leaps over the dog.", "The slow brown fox jumps over the lazy dog.")).toBe(
      "The slow brown fox leaps over the lazy dog.",
    );
  });

  it("keeps the writer's words where both changed the same stretch, with the AI's version after them", () => {
    expect(rebaseProposal(base, "The very quick brown fox jumps over the dog.", "The fast brown fox jumps over the dog.", (text) => `<${text}>`)).toBe(
      "The very quick <fast> brown fox jumps over the dog.",
    );
    expect(rebaseProposal(base, "The very quick brown fox jumps over the dog.", "The brown fox jumps over the dog.")).toBe(
      "The very quick brown fox jumps over the dog.",
    );
  });

  it("leaves a stretch alone that the writer already changed the AI's way", () => {
    expect(rebaseProposal(base, "The slow brown fox jumps over the dog.", "The slow brown fox jumps over the cat.")).toBe(
      "The slow brown fox jumps over the cat.",
    );
  });

  it("is the proposal when the writer changed nothing", () => {
    expect(rebaseProposal(base, base, "Anything else.")).toBe("Anything else.");
  });
});

describe("streamProposal: a word shared by chance with a far-off part of the original", () => {
  it("doesn't count as reached: the arrived words go in before the original, nothing is deleted yet", () => {
    const original = "A good plan needs owners, dates and a budget that everyone agreed to before work starts.";
    expect(streamProposal(original, "Text to ", false)).toEqual({ text: `Text to ${original}`, pending: true });
  });
});
