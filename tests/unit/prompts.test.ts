import { describe, expect, it } from "vitest";
import { chatInstructions, excerpt, outlinePrompt, writePrompt } from "@/lib/server/ai/prompts";

describe("prompt builders", () => {
  it("puts the document and a developer's system message into the chat instructions", () => {
    const text = chatInstructions({ document: "Foxes are clever.", system: "Answer in French." });
    expect(text).toContain("<document>\nFoxes are clever.\n</document>");
    expect(text).toContain("Answer in French.");
  });

  it("leaves out an empty document", () => {
    expect(chatInstructions({ document: "  " })).not.toContain("<document>");
  });

  it("keeps the beginning and the end of a long document", () => {
    const long = `START${"x".repeat(50_000)}END`;
    const cut = excerpt(long, 1_000);
    expect(cut.length).toBeLessThan(1_100);
    expect(cut.startsWith("START")).toBe(true);
    expect(cut.endsWith("END")).toBe(true);
  });

  it("gives each writing action its own task", () => {
    const tone = writePrompt({ action: "tone", text: "Hello", tone: "formal" });
    expect(tone.instructions).toContain("formal tone");
    expect(tone.prompt).toContain("<text>\nHello\n</text>");
    const custom = writePrompt({ action: "custom", text: "Hello", instruction: "Rhyme it" });
    expect(custom.instructions).toContain("Rhyme it");
    const draft = writePrompt({ action: "draft-section", text: "## Soil", document: "Intro" });
    expect(draft.prompt).toContain("Section to draft");
    expect(draft.prompt).toContain("Intro");
  });

  it("sizes the outline by the requested length and names audience and tone", () => {
    const { instructions, prompt } = outlinePrompt({ topic: "Tides", audience: "kids", tone: "playful", length: "long" });
    expect(instructions).toContain("6 to 7 sections");
    expect(prompt).toBe("Topic: Tides\nAudience: kids\nTone: playful");
    expect(outlinePrompt({ topic: "Tides" }).instructions).toContain("4 to 5 sections");
  });
});
