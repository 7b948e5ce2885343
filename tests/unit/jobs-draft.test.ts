import { beforeEach, describe, expect, it, vi } from "vitest";
import { jobDraftResultSchema, type JobDraftResult } from "@/lib/contracts/jobs";
import type { Outline } from "@/lib/contracts/outline";
import type { JobRow } from "@/lib/server/db/queries/jobs";
import type { Caller } from "@/lib/server/usage";

const calls = vi.hoisted(() => ({ sections: [] as string[], outlines: 0 }));

vi.mock("@/lib/server/ai/providers", () => ({
  resolveModel: vi.fn(async (model?: string) => ({
    model: {},
    info: { id: model ?? "test-model", contextWindow: 100_000, maxOutputTokens: 4_000 },
    provider: "openai",
    fallbacks: [],
  })),
}));

vi.mock("@/lib/server/jobs/outline-stream", () => ({
  streamedOutline: vi.fn(async (_caller: unknown, request: { topic: string; sections?: number }, _styleGuide: unknown, _signal: AbortSignal, onProgress: (share: number) => void) => {
    calls.outlines++;
    // The outline streams: a first token, then most of it.
    onProgress(0.02);
    onProgress(0.9);
    const outline: Outline = {
      title: `About ${request.topic}`,
      sections: Array.from({ length: request.sections ?? 3 }, (_, i) => ({ heading: `Part ${i + 1}`, keyPoints: [`point ${i + 1}`] })),
    };
    return { outline, model: "outline-model", usage: { inputTokens: 100, outputTokens: 50 } };
  }),
}));

vi.mock("@/lib/server/delivery", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/delivery")>()),
  complete: vi.fn(async (prepared: { input: { messages: Array<{ content: string }> } }, signal: AbortSignal) => {
    signal.throwIfAborted();
    const prompt = prepared.input.messages[0]!.content;
    calls.sections.push(prompt);
    const n = calls.sections.length;
    return {
      id: `c${n}`,
      content: `  Text of call ${n}.  `,
      model: "section-model",
      finish_reason: "stop",
      usage: { prompt_tokens: 10 * n, completion_tokens: n, total_tokens: 11 * n },
    };
  }),
}));

const { draftMarkdown, draftProgress, firstUnfinished, newDraft, resumableDraft, runDraft } = await import("@/lib/server/jobs/draft");

const caller = { user: { id: "u" }, route: "/api/v1/jobs" } as unknown as Caller;
const outline: Outline = {
  title: "Bees",
  sections: [
    { heading: "Why bees", keyPoints: ["pollination"] },
    { heading: "Hives", keyPoints: ["frames", "queens"] },
    { heading: "Honey", keyPoints: ["harvest"] },
  ],
};
const row = (extra: Partial<JobRow> = {}) => ({ promptTokens: 0, completionTokens: 0, result: null, ...extra }) as JobRow;

function recorder() {
  const saved: Array<{ progress: number; result: JobDraftResult }> = [];
  // While the outline streams, only the progress is saved (no result yet).
  const outlining: number[] = [];
  const onProgress = async (progress: number, result?: Record<string, unknown>) => {
    if (result === undefined) outlining.push(progress);
    else saved.push({ progress, result: jobDraftResultSchema.parse(structuredClone(result)) });
  };
  return { saved, outlining, onProgress };
}

beforeEach(() => {
  calls.sections.length = 0;
  calls.outlines = 0;
});

describe("draft helpers", () => {
  it("assembles the article: # title, then ## heading and text per finished section", () => {
    const draft = newDraft(outline, "m");
    expect(draftMarkdown(draft)).toBe("# Bees");
    draft.sections[0] = { heading: "Why bees", status: "done", content: "They pollinate.\n" };
    draft.sections[1] = { heading: "Hives", status: "done", content: "Boxes." };
    expect(draftMarkdown(draft)).toBe("# Bees\n\n## Why bees\n\nThey pollinate.\n\n## Hives\n\nBoxes.");
  });

  it("counts the outline as a step only when the job writes it", () => {
    expect(draftProgress(0, 3, false)).toBe(0);
    expect(draftProgress(2, 4, false)).toBe(0.5);
    expect(draftProgress(0, 3, true)).toBe(0.25);
    expect(draftProgress(3, 3, true)).toBe(1);
  });

  it("resumes after the finished sections in a row, everything later pending again", () => {
    const previous: JobDraftResult = {
      ...newDraft(outline, "m"),
      sections: [
        { heading: "Why bees", status: "done", content: "One." },
        { heading: "Hives", status: "writing", content: null },
        { heading: "Honey", status: "done", content: "Stray." },
      ],
    };
    const resumed = resumableDraft(previous)!;
    expect(firstUnfinished(resumed)).toBe(1);
    expect(resumed.sections.map((s) => s.status)).toEqual(["done", "pending", "pending"]);
    expect(resumed.sections[2]!.content).toBeNull();
    expect(resumableDraft(null)).toBeUndefined();
    expect(resumableDraft({ content: "x", model: "m", finish_reason: "stop" })).toBeUndefined();
  });
});

describe("runDraft", () => {
  it("drafts an outline section by section, each call seeing the article so far, saving progress as it goes", async () => {
    const { saved, onProgress } = recorder();
    const { result, usage } = await runDraft({
      input: { outline, audience: "gardeners", tone: "warm" },
      caller,
      signal: new AbortController().signal,
      job: row({ promptTokens: 7, completionTokens: 3 }),
      onProgress,
    });
    expect(calls.outlines).toBe(0);
    expect(calls.sections).toHaveLength(3);
    expect(calls.sections[0]).toContain("## Why bees\n- pollination");
    expect(calls.sections[0]).toContain("# Bees");
    expect(calls.sections[0]).toContain("Audience: gardeners\nTone: warm");
    expect(calls.sections[1]).toContain("## Why bees\n\nText of call 1.");
    expect(calls.sections[2]).toContain("## Why bees\n\nText of call 1.\n\n## Hives\n\nText of call 2.");
    expect(calls.sections[2]).toContain("Section to draft:\n<text>\n## Honey\n- harvest\n");
    // The whole outline comes along, so sections keep to their own points.
    expect(calls.sections[2]).toContain("1. Why bees\n2. Hives\n3. Honey (this section)\n</text>");

    expect(saved.map((s) => s.progress)).toEqual([0, 1 / 3, 2 / 3]);
    expect(saved.map((s) => s.result.sections.map((x) => x.status))).toEqual([
      ["writing", "pending", "pending"],
      ["done", "writing", "pending"],
      ["done", "done", "writing"],
    ]);
    expect(saved[0]!.result.model).toBe("test-model");
    expect(saved.every((s) => s.result.markdown === null)).toBe(true);

    expect(result.markdown).toBe("# Bees\n\n## Why bees\n\nText of call 1.\n\n## Hives\n\nText of call 2.\n\n## Honey\n\nText of call 3.");
    expect(result.sections.every((s) => s.status === "done")).toBe(true);
    expect(result.model).toBe("section-model");
    expect(usage).toEqual({ promptTokens: 7 + 10 + 20 + 30, completionTokens: 3 + 1 + 2 + 3 });
  });

  it("writes the outline first from a topic, counting it as a step that moves from its first token", async () => {
    const { saved, outlining, onProgress } = recorder();
    const { result, usage } = await runDraft({
      input: { topic: "Tides", sections: 4 },
      caller,
      signal: new AbortController().signal,
      job: row(),
      onProgress,
    });
    expect(calls.outlines).toBe(1);
    expect(calls.sections).toHaveLength(4);
    // Progress from the outline's first token (saved at most every 300 ms: the second share waits), then per section.
    expect(outlining).toEqual([0.02 / 5]);
    expect(saved.map((s) => s.progress)).toEqual([1 / 5, 2 / 5, 3 / 5, 4 / 5]);
    expect(saved[0]!.result.model).toBe("outline-model");
    expect(result.title).toBe("About Tides");
    expect(result.outline.sections).toHaveLength(4);
    expect(usage).toEqual({ promptTokens: 100 + 10 + 20 + 30 + 40, completionTokens: 50 + 1 + 2 + 3 + 4 });
  });

  it("resumes a run cut short: finished sections kept, no new outline, the job's earlier tokens counted", async () => {
    const previous: JobDraftResult = {
      ...newDraft({ ...outline, title: "Earlier" }, "earlier-model"),
      sections: [
        { heading: "Why bees", status: "done", content: "Kept one." },
        { heading: "Hives", status: "done", content: "Kept two." },
        { heading: "Honey", status: "writing", content: null },
      ],
    };
    const { saved, onProgress } = recorder();
    const { result, usage } = await runDraft({
      input: { topic: "Bees again" },
      caller,
      signal: new AbortController().signal,
      job: row({ result: previous, promptTokens: 500, completionTokens: 60 }),
      onProgress,
    });
    expect(calls.outlines).toBe(0);
    expect(calls.sections).toHaveLength(1);
    expect(calls.sections[0]).toContain("## Why bees\n\nKept one.\n\n## Hives\n\nKept two.");
    expect(saved.map((s) => s.progress)).toEqual([3 / 4]);
    expect(result.markdown).toBe("# Earlier\n\n## Why bees\n\nKept one.\n\n## Hives\n\nKept two.\n\n## Honey\n\nText of call 1.");
    expect(usage).toEqual({ promptTokens: 510, completionTokens: 61 });
  });

  it("stops at once when cancelled while saving progress: no further call", async () => {
    const controller = new AbortController();
    let saves = 0;
    await expect(
      runDraft({
        input: { outline },
        caller,
        signal: controller.signal,
        job: row(),
        onProgress: async () => {
          if (++saves === 2) controller.abort(new Error("cancelled"));
        },
      }),
    ).rejects.toThrow("cancelled");
    expect(calls.sections).toHaveLength(1);
  });
});

describe("checkTemplateJobInput", () => {
  it("passes good inputs and names input.inputs.<field> (422) for bad ones, as the template route does with inputs.<field>", async () => {
    const { checkTemplateJobInput } = await import("@/lib/server/templates");
    expect(() => checkTemplateJobInput({ template: "marketing-campaign", inputs: { brand: "Acme" } })).not.toThrow();
    const cases: Array<[unknown, string]> = [
      [{}, "input.inputs.brand"],
      [{ brand: "" }, "input.inputs.brand"],
      [{ brand: "Acme", colour: "red" }, "input.inputs.colour"],
    ];
    for (const [inputs, param] of cases) {
      try {
        checkTemplateJobInput({ template: "marketing-campaign", inputs });
        expect.unreachable();
      } catch (error) {
        expect(error).toMatchObject({ code: "unprocessable_request", status: 422, param });
      }
    }
    expect(() => checkTemplateJobInput({ template: "nope", inputs: {} })).toThrow(expect.objectContaining({ param: "input.template" }));
  });
});
