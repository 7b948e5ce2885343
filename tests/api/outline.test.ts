import { describe, expect, it } from "vitest";
import { outlineSchema } from "@/lib/contracts/outline";
import { expectError, postJson, uniqueTag, upstreamRequests } from "./helpers";

describe("POST /api/outline", () => {
  it("returns a complete, schema-valid outline for Accept: application/json", async () => {
    const tag = uniqueTag("outline");
    const res = await postJson(
      "/api/outline",
      { topic: `Composting at home [[tag=${tag}]]`, audience: "beginners", tone: "friendly", length: "medium" },
      { headers: { Accept: "application/json" } },
    );
    expect(res.status).toBe(200);
    const outline = outlineSchema.parse(await res.json());
    expect(outline.sections.length).toBeGreaterThanOrEqual(3);
    expect(outline.sections.length).toBeLessThanOrEqual(7);
    const [request] = await upstreamRequests(tag);
    const body = request!.body as { response_format: { type: string; json_schema: { strict: boolean; schema: unknown } }; messages: { content: string }[] };
    expect(body.response_format.type).toBe("json_schema");
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(body.messages.at(-1)!.content).toContain("Audience: beginners");
  });

  it("streams the outline's JSON as it grows", async () => {
    const res = await postJson("/api/outline", { topic: "Night photography [[delay=5]]" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      text += decoder.decode(value, { stream: true });
    }
    expect(chunks).toBeGreaterThan(3);
    expect(outlineSchema.safeParse(JSON.parse(text)).success).toBe(true);
  });

  it("answers 503 when the provider stays unavailable", async () => {
    const res = await postJson("/api/outline", { topic: `Rivers [[fail=503]] [[id=${uniqueTag("o503")}]]` }, { headers: { Accept: "application/json" } });
    await expectError(res, 503, "upstream_unavailable");
  });

  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ["a missing topic", {}, "topic"],
    ["a topic that is too short", { topic: "ab" }, "topic"],
    ["a topic over the limit", { topic: "t".repeat(501) }, "topic"],
    ["an unknown length", { topic: "Gardening", length: "epic" }, "length"],
    ["an unknown field", { topic: "Gardening", sections: 5 }, "sections"],
  ];
  it.each(invalid)("answers 400 for %s", async (_name, body, param) => {
    await expectError(await postJson("/api/outline", body), 400, "invalid_request", param);
  });
});
