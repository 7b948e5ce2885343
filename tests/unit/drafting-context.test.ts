import { describe, expect, it } from "vitest";
import { maxSummaries, summarizedContext, type Summarize } from "@/lib/server/drafting-context";
import { assembleContext, briefHeading, planContext, splitSections } from "@/lib/server/drafting-context/plan";

const body = (word: string, chars: number) => `${word} `.repeat(Math.ceil(chars / (word.length + 1))).trim();
const article = (sections: number, chars: number) =>
  [`# Title`, ...Array.from({ length: sections }, (_, i) => `## Part ${i + 1}\n\n${body(`p${i + 1}`, chars)}`)].join("\n\n");

describe("splitSections: an article cut at its section headings", () => {
  it("keeps the opening, cuts at # and ## but not ### or headings inside code fences", () => {
    const sections = splitSections("Intro line.\n\n## One\n\nText.\n\n### Sub\n\nMore.\n\n```\n## not a heading\n```\n\n## Two ##\n\nEnd.");
    expect(sections.map((s) => s.heading)).toEqual(["", "One", "Two"]);
    expect(sections[1]!.text).toContain("### Sub");
    expect(sections[1]!.text).toContain("## not a heading");
    expect(sections[2]!.text).toBe("## Two ##\n\nEnd.");
  });

  it("reads the drafted section's heading from a brief", () => {
    expect(briefHeading("## Why it matters\n- a point")).toBe("Why it matters");
    expect(briefHeading("just text")).toBe("");
  });
});

describe("planContext: what is summarized when the article is too long", () => {
  it("summarizes nothing when the article fits", () => {
    expect(planContext(splitSections(article(3, 100)), "Part 4", 2_000).summarize).toEqual([]);
  });

  it("keeps the two sections before the end verbatim and summarizes the earlier ones", () => {
    const sections = splitSections(article(5, 900));
    // 0 is the title alone (no body): nothing to summarize.
    expect(planContext(sections, "Part 6", 4_000).summarize).toEqual([1, 2, 3]);
  });

  it("keeps only the latest section verbatim when two would take more than half the budget", () => {
    const sections = splitSections(article(5, 1_500));
    expect(planContext(sections, "Part 6", 4_000).summarize).toEqual([1, 2, 3, 4]);
  });

  it("keeps the sections just before a section drafted in the middle, summarizing those after it too", () => {
    const sections = splitSections(`${article(5, 900)}`.replace("## Part 4", "## Part 3b\n\n## Part 4"));
    const headings = sections.map((s) => s.heading);
    const plan = planContext(sections, "Part 3b", 4_000);
    expect(plan.summarize.map((i) => headings[i])).toEqual(["Part 1", "Part 4", "Part 5"]);
  });

  it("puts each summary under its heading, marked as a summary", () => {
    const sections = splitSections("# T\n\n## A\n\nLong text a.\n\n## B\n\nText b.");
    const text = assembleContext(sections, new Map([[1, "A in short."]]));
    expect(text).toBe("# T\n\n## A\n\n[Summary of this section; its full text is left out] A in short.\n\n## B\n\nText b.");
  });
});

describe("summarizedContext: the article with its earlier sections summarized", () => {
  const counting = (fail?: (heading: string) => boolean) => {
    const calls: string[] = [];
    let running = 0;
    let peak = 0;
    const summarize: Summarize = async (section) => {
      calls.push(section.heading);
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (fail?.(section.heading)) throw new Error("provider down");
      return { text: `Summary of ${section.heading}.`, usage: { inputTokens: 10, outputTokens: 5 } };
    };
    return { calls, summarize, peak: () => peak };
  };
  const signal = new AbortController().signal;

  it("sends a short article as it is, with no summary calls", async () => {
    const { calls, summarize } = counting();
    const text = article(2, 100);
    expect(await summarizedContext({ article: text, heading: "Part 3", scope: "m", summarize, signal, budget: 2_000 })).toEqual({
      article: text,
      usage: { inputTokens: 0, outputTokens: 0 },
    });
    expect(calls).toEqual([]);
  });

  it("summarizes the earlier sections, two at a time, and reuses the summaries for the next section", async () => {
    const { calls, summarize, peak } = counting();
    const five = article(5, 900).replaceAll("p", "q");
    const result = await summarizedContext({ article: five, heading: "Part 6", scope: "m", summarize, signal, budget: 4_000 });
    expect(calls).toEqual(["Part 1", "Part 2", "Part 3"]);
    expect(peak()).toBe(2);
    expect(result.usage).toEqual({ inputTokens: 30, outputTokens: 15 });
    expect(result.article).toContain("## Part 2\n\n[Summary of this section; its full text is left out] Summary of Part 2.");
    expect(result.article).toContain(`## Part 5\n\n${body("q5", 900)}`);
    expect(result.article.length).toBeLessThan(4_000);

    const six = `${five}\n\n## Part 6\n\n${body("q6", 900)}`;
    await summarizedContext({ article: six, heading: "Part 7", scope: "m", summarize, signal, budget: 4_000 });
    expect(calls).toEqual(["Part 1", "Part 2", "Part 3", "Part 4"]);
  });

  it("keeps one writer's summaries from answering another's: the cache is per scope", async () => {
    const { calls, summarize } = counting();
    const text = article(5, 900).replaceAll("p", "w");
    await summarizedContext({ article: text, heading: "Part 6", scope: "writer-a\nm", summarize, signal, budget: 4_000 });
    await summarizedContext({ article: text, heading: "Part 6", scope: "writer-b\nm", summarize, signal, budget: 4_000 });
    expect(calls).toEqual(["Part 1", "Part 2", "Part 3", "Part 1", "Part 2", "Part 3"]);
  });

  it("makes no summary calls past maxSummaries sections: the article goes as it is, to be cut in the middle", async () => {
    const { calls, summarize } = counting();
    const many = article(maxSummaries + 10, 200).replaceAll("p", "t");
    const result = await summarizedContext({ article: many, heading: "Part 99", scope: "m", summarize, signal, budget: 4_000 });
    expect(calls).toEqual([]);
    expect(result).toEqual({ article: many, usage: { inputTokens: 0, outputTokens: 0 } });
  });

  it("falls back to the whole article (cut in the middle by the prompt) when a summary fails", async () => {
    const { summarize } = counting((heading) => heading === "Part 2");
    const text = article(5, 900).replaceAll("p", "r");
    const result = await summarizedContext({ article: text, heading: "Part 6", scope: "m", summarize, signal, budget: 4_000 });
    expect(result.article).toBe(text);
  });

  it("stops when the drafting is cancelled", async () => {
    const controller = new AbortController();
    const summarize: Summarize = async () => {
      controller.abort();
      throw new Error("aborted");
    };
    const text = article(5, 900).replaceAll("p", "s");
    await expect(summarizedContext({ article: text, heading: "Part 6", scope: "m", summarize, signal: controller.signal, budget: 4_000 })).rejects.toThrow();
  });
});
