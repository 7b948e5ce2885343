import { describe, expect, it } from "vitest";
import { documentSchema } from "@/lib/documents/schema";
import { documentProblem } from "@/lib/documents/validate";
import { authorshipMarkName } from "@/lib/editor/authorship/marks";

const facts = {
  runId: "run_1",
  origin: "ai",
  action: "improve",
  model: "gpt-4o-mini",
  instruction: "Make it warmer",
  createdAt: "2026-12-07T10:00:00.000Z",
  acceptedAt: "2026-12-07T10:01:00.000Z",
  acceptedBy: "Ada",
};
const saved = (attrs: Record<string, unknown>) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text: "AI text", marks: [{ type: authorshipMarkName, attrs }] }] }],
});

describe("the authorship mark", () => {
  it("is accepted in a saved document with its run's facts", () => {
    expect(documentProblem(saved(facts))).toBeNull();
    expect(documentProblem(saved({ runId: "run_1", origin: "edited" }))).toBeNull();
  });

  it("is refused without a run id, with an unknown origin or with a lone surrogate, naming the attribute", () => {
    expect(documentProblem(saved({ origin: "ai" }))?.path.at(-1)).toBe("runId");
    expect(documentProblem(saved({ ...facts, origin: "human" }))?.path.at(-1)).toBe("origin");
    expect(documentProblem(saved({ ...facts, acceptedBy: "Ada\uD800" }))?.path.at(-1)).toBe("acceptedBy");
    expect(documentProblem(saved({ ...facts, acceptedAt: "yesterday" }))?.path.at(-1)).toBe("acceptedAt");
  });

  it("renders its facts as data attributes and reads them back, so copy and paste inside the studio keep it", () => {
    const type = documentSchema().marks[authorshipMarkName]!;
    const rendered = type.spec.toDOM!(type.create(facts), true) as [string, Record<string, string>];
    expect(rendered[0]).toBe("span");
    const element = fakeElement(rendered[1]);
    const rule = type.spec.parseDOM![0]!;
    expect(rule.tag).toBe("span[data-authorship]");
    expect(rule.getAttrs!(element as never)).toEqual(facts);
  });

  it("doesn't take a span with a bad run id, and drops facts it would refuse", () => {
    const type = documentSchema().marks[authorshipMarkName]!;
    const getAttrs = type.spec.parseDOM![0]!.getAttrs!;
    expect(getAttrs(fakeElement({ "data-authorship": "", "data-run-id": "bad id" }) as never)).toBe(false);
    expect(getAttrs(fakeElement({ "data-authorship": "", "data-run-id": "r1", "data-model": "m\u0000", "data-origin": "forged" }) as never)).toEqual({ runId: "r1", origin: "ai" });
  });
});

function fakeElement(attributes: Record<string, string>) {
  return { getAttribute: (name: string) => attributes[name] ?? null, hasAttribute: (name: string) => name in attributes };
}
