import { describe, expect, it } from "vitest";
import { writeActions } from "@/lib/contracts/write";
import { expectError, postJson, uniqueTag, upstreamRequests } from "./helpers";

const extras: Record<string, Record<string, string>> = { tone: { tone: "playful" }, custom: { instruction: "Use British spelling." } };
const expectedInstruction: Record<string, RegExp> = {
  continue: /Continue the text/,
  improve: /Improve the text/,
  shorter: /shorter/,
  longer: /Expand the text/,
  fix: /Fix spelling, grammar/,
  tone: /playful tone/,
  summarize: /Summarize/,
  "draft-section": /Draft the section/,
  custom: /British spelling/,
};

describe("POST /api/write", () => {
  it.each(writeActions)("streams plain text for the %s action with its own instruction", async (action) => {
    const tag = uniqueTag(action);
    const res = await postJson("/api/write", {
      action,
      text: `The quick brown fox. [[tag=${tag}]] [[tokens=6]]`,
      document: "Intro paragraph. The quick brown fox.",
      ...extras[action],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    expect((await res.text()).split(" ")).toHaveLength(6);
    const [request] = await upstreamRequests(tag);
    const messages = (request!.body as { messages: { role: string; content: string }[] }).messages;
    expect(messages[0]!.content).toMatch(expectedInstruction[action]!);
    expect(messages.at(-1)!.content).toContain("The quick brown fox.");
    expect(messages.at(-1)!.content).toContain("Intro paragraph.");
  });

  it("delivers tokens as they are generated, not all at the end", async () => {
    const res = await postJson("/api/write", { action: "improve", text: "Hello there [[tokens=10]] [[delay=80]]" });
    const reader = res.body!.getReader();
    const started = Date.now();
    const first = await reader.read();
    const firstAt = Date.now() - started;
    let rest = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    const totalAt = Date.now() - started;
    expect(new TextDecoder().decode(first.value).length).toBeGreaterThan(0);
    expect(rest.length).toBeGreaterThan(0);
    expect(totalAt - firstAt).toBeGreaterThan(400);
  });

  it("ends the body with an error, not a clean short text, when the stream breaks mid-way", async () => {
    const res = await postJson("/api/write", { action: "improve", text: `Hello [[cut=3]] [[tokens=20]] [[id=${uniqueTag("cut")}]]` });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow("terminated");
  });

  it("answers 502 when the provider keeps failing", async () => {
    await expectError(await postJson("/api/write", { action: "fix", text: `Helo [[fail=502]] [[id=${uniqueTag("w502")}]]` }), 502, "upstream_error");
  });

  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ["an unknown action", { action: "translate", text: "x" }, "action"],
    ["empty text", { action: "improve", text: "   " }, "text"],
    ["text over the limit", { action: "improve", text: "x".repeat(20_001) }, "text"],
    ["the tone action without a tone", { action: "tone", text: "x" }, "tone"],
    ["the custom action without an instruction", { action: "custom", text: "x" }, "instruction"],
    ["an instruction over the limit", { action: "custom", text: "x", instruction: "i".repeat(2_001) }, "instruction"],
    ["a document over the limit", { action: "improve", text: "x", document: "d".repeat(100_001) }, "document"],
    ["an unknown field", { action: "improve", text: "x", selection: "y" }, "selection"],
    ["a temperature above 2", { action: "improve", text: "x", temperature: 3 }, "temperature"],
  ];
  it.each(invalid)("answers 400 for %s", async (_name, body, param) => {
    await expectError(await postJson("/api/write", body), 400, "invalid_request", param);
  });
});
