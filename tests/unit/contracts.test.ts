import { describe, expect, it } from "vitest";
import { isUiChatBody, plainChatRequestSchema, uiChatRequestSchema } from "@/lib/contracts/chat";
import { stopSequences } from "@/lib/contracts/generation";
import { outlineSchema, sectionBrief } from "@/lib/contracts/outline";
import { writeRequestSchema } from "@/lib/contracts/write";

const issuePaths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => i.path.join(".")) ?? [];

describe("chat request schemas", () => {
  it("accepts a plain conversation with options", () => {
    const parsed = plainChatRequestSchema.parse({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello" },
        { role: "user", content: "Again" },
      ],
      temperature: 0,
      max_tokens: 10,
      stop: "END",
      stream: false,
    });
    expect(parsed.messages).toHaveLength(4);
  });

  it("rejects a system message that is not first", () => {
    const result = plainChatRequestSchema.safeParse({
      messages: [{ role: "user", content: "a" }, { role: "system", content: "b" }],
    });
    expect(issuePaths(result)).toContain("messages.1.role");
  });

  it("requires at least one user message", () => {
    const result = plainChatRequestSchema.safeParse({ messages: [{ role: "assistant", content: "a" }] });
    expect(issuePaths(result)).toContain("messages");
  });

  it("rejects unknown top-level fields", () => {
    const result = plainChatRequestSchema.safeParse({ messages: [{ role: "user", content: "a" }], foo: 1 });
    expect(result.success).toBe(false);
  });

  it("accepts what useChat sends, with extra body fields", () => {
    const body = {
      id: "chat-1",
      trigger: "submit-message",
      messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: "Hi" }, { type: "step-start" }] }],
      document: "My draft",
      model: "fake-model",
    };
    expect(isUiChatBody(body)).toBe(true);
    expect(uiChatRequestSchema.parse(body).document).toBe("My draft");
  });

  it("tells plain bodies from useChat bodies", () => {
    expect(isUiChatBody({ messages: [{ role: "user", content: "x" }] })).toBe(false);
    expect(isUiChatBody({ messages: "nope" })).toBe(false);
    expect(isUiChatBody(null)).toBe(false);
  });

  it("normalises stop to a list", () => {
    expect(stopSequences("x")).toEqual(["x"]);
    expect(stopSequences(["a", "b"])).toEqual(["a", "b"]);
    expect(stopSequences(undefined)).toBeUndefined();
  });
});

describe("write request schema", () => {
  it("needs a tone for the tone action and an instruction for custom", () => {
    expect(issuePaths(writeRequestSchema.safeParse({ action: "tone", text: "x" }))).toEqual(["tone"]);
    expect(issuePaths(writeRequestSchema.safeParse({ action: "custom", text: "x" }))).toEqual(["instruction"]);
    expect(writeRequestSchema.safeParse({ action: "tone", text: "x", tone: "formal" }).success).toBe(true);
  });

  it("rejects blank text", () => {
    expect(issuePaths(writeRequestSchema.safeParse({ action: "fix", text: " \n " }))).toEqual(["text"]);
  });
});

describe("outline schema", () => {
  const section = { heading: "Why", keyPoints: ["Because"] };
  it("allows 3 to 7 sections", () => {
    expect(outlineSchema.safeParse({ title: "T", sections: [section, section] }).success).toBe(false);
    expect(outlineSchema.safeParse({ title: "T", sections: Array(3).fill(section) }).success).toBe(true);
    expect(outlineSchema.safeParse({ title: "T", sections: Array(7).fill(section) }).success).toBe(true);
    expect(outlineSchema.safeParse({ title: "T", sections: Array(8).fill(section) }).success).toBe(false);
  });

  it("turns a section into a Markdown brief for drafting", () => {
    expect(sectionBrief({ heading: "Soil", keyPoints: ["Test pH", "Add compost"] })).toBe("## Soil\n- Test pH\n- Add compost");
  });
});
