import { beforeAll, describe, expect, it } from "vitest";
import { limits } from "@/lib/contracts/limits";
import { outlineSchema } from "@/lib/contracts/outline";
import { templateInfoSchema } from "@/lib/contracts/templates";
import { v1CompletionSchema, v1OutlineResponseSchema } from "@/lib/contracts/v1";
import { expectApiError, expectCompleteEvents, keyOwner, ndjsonLines, sseBlocks, v1, type V1StreamEvent } from "./api-key-helpers";
import { uniqueTag, upstreamRequests } from "./helpers";
import { guestSession } from "./session";

let key: string;
beforeAll(async () => {
  ({ key } = await keyOwner());
});

type Sent = { messages: { role: string; content: string }[]; response_format?: { type: string; json_schema?: { schema: unknown } } };
const sentBody = async (tag: string) => (await upstreamRequests(tag))[0]!.body as Sent;

/** A Draftwise SSE body: its data events (the last before [DONE] has finish_reason and usage). */
async function sseText(res: Response): Promise<string> {
  const blocks = sseBlocks(await res.text());
  expect(blocks.at(-1)).toEqual({ data: "[DONE]" });
  return expectCompleteEvents(blocks.slice(0, -1).map((b) => JSON.parse(b.data) as V1StreamEvent));
}

describe("POST /api/v1/write", () => {
  const write = (body: unknown, headers?: Record<string, string>) => v1("/api/v1/write", { key, body, headers });

  it("streams Server-Sent Events by default", async () => {
    const res = await write({ prompt: "A haiku about rain [[tokens=6]]" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    expect((await sseText(res)).split(" ")).toHaveLength(6);
  });

  it("answers one JSON object for stream: false", async () => {
    const res = await write({ prompt: "A haiku about rain [[tokens=4]]", stream: false });
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const answer = v1CompletionSchema.parse(await res.json());
    expect(answer).toMatchObject({ model: "fake-model", finish_reason: "stop" });
    expect(answer.content.split(" ")).toHaveLength(4);
  });

  it("streams JSON lines for Accept: application/x-ndjson", async () => {
    const res = await write({ prompt: "A haiku [[tokens=3]]" }, { Accept: "application/x-ndjson" });
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(expectCompleteEvents(ndjsonLines(await res.text()) as unknown as V1StreamEvent[]).split(" ")).toHaveLength(3);
  });

  it("trims the prompt before sending it to the model", async () => {
    const tag = uniqueTag("trim");
    await (await write({ prompt: `  \n  Write a tagline for a bakery [[tag=${tag}]]  \n ` })).text();
    const sent = await sentBody(tag);
    expect(sent.messages.at(-1)!.content).toBe(`Write a tagline for a bakery [[tag=${tag}]]`);
  });

  it("rewrites the prompt as text with another action's instruction", async () => {
    const tag = uniqueTag("tone");
    const res = await write({ prompt: `We regret the delay. [[tag=${tag}]]`, action: "tone", tone: "playful", stream: false });
    expect(res.status).toBe(200);
    const sent = await sentBody(tag);
    expect(sent.messages[0]!.content).toMatch(/playful tone/);
    expect(sent.messages.at(-1)!.content).toContain("We regret the delay.");
  });

  it(`accepts a prompt of exactly ${limits.promptChars} characters after trimming`, async () => {
    const res = await write({ prompt: ` ${"x".repeat(limits.promptChars)} `, stream: false, max_tokens: 5 });
    expect(res.status).toBe(200);
  });

  const invalid: Array<[string, unknown, string]> = [
    ["a missing prompt", {}, "prompt"],
    ["an empty prompt", { prompt: "" }, "prompt"],
    ["a whitespace-only prompt", { prompt: "  \n\t " }, "prompt"],
    [`a prompt over ${limits.promptChars} characters`, { prompt: "x".repeat(limits.promptChars + 1) }, "prompt"],
    ["an unknown action", { prompt: "x", action: "translate" }, "action"],
    ["the studio-only draft-section action", { prompt: "x", action: "draft-section" }, "action"],
    ["the tone action without a tone", { prompt: "x", action: "tone" }, "tone"],
    ["the custom action without an instruction", { prompt: "x", action: "custom" }, "instruction"],
    ["an unknown field", { prompt: "x", text: "y" }, "text"],
    ["a temperature above 2", { prompt: "x", temperature: 3 }, "temperature"],
  ];
  it.each(invalid)("answers 400 invalid_request for %s, naming the field", async (_name, body, param) => {
    await expectApiError(await write(body), 400, "invalid_request", param);
  });

  it("answers 400 when max_tokens exceeds the model's output limit", async () => {
    await expectApiError(await write({ prompt: "x", max_tokens: 4096 }), 400, "invalid_request", "max_tokens");
  });

  it("answers 502 when the provider keeps failing", async () => {
    await expectApiError(await write({ prompt: `Hi [[fail=502]] [[id=${uniqueTag("w502")}]]` }), 502, "upstream_error");
  });

  it("ends a stream cut mid-way with an error event and no [DONE]", async () => {
    const res = await write({ prompt: `Hi [[cut=2]] [[tokens=20]] [[id=${uniqueTag("wcut")}]]` });
    const blocks = sseBlocks(await res.text());
    expect(blocks.at(-1)!.event).toBe("error");
    expect(blocks.some((b) => b.data === "[DONE]")).toBe(false);
  });
});

describe("POST /api/v1/outline", () => {
  const outline = (body: unknown) => v1("/api/v1/outline", { key, body });

  it("answers {id, outline: {title, sections}, model, usage} with 3 to 7 sections", async () => {
    const res = await outline({ topic: "Composting at home", audience: "beginners", tone: "friendly" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(["id", "model", "outline", "usage"]);
    const answer = v1OutlineResponseSchema.parse(body);
    expect(outlineSchema.parse(answer.outline).title.length).toBeGreaterThan(0);
    expect(answer.outline.sections.length).toBeGreaterThanOrEqual(3);
    expect(answer.outline.sections.length).toBeLessThanOrEqual(7);
    expect(answer.model).toBe("fake-model");
    expect(answer.usage.completion_tokens).toBeGreaterThan(0);
    expect(answer.usage.total_tokens).toBe(answer.usage.prompt_tokens + answer.usage.completion_tokens);
  });

  it.each([3, 5, 7])("asks the model for exactly %i sections when told, and returns that many", async (sections) => {
    const tag = uniqueTag("sections");
    const res = await outline({ topic: `Night photography [[tag=${tag}]]`, sections });
    expect(res.status).toBe(200);
    expect((await res.json()).outline.sections).toHaveLength(sections);
    const sent = await sentBody(tag);
    expect(sent.response_format?.type).toBe("json_schema");
    expect(sent.messages[0]!.content).toContain(`exactly ${sections} sections`);
    // The schema itself holds the count, so a provider (or the embedded grammar) can't give 3–7 at will.
    const schema = sent.response_format?.json_schema?.schema as { properties: { sections: { minItems: number; maxItems: number } } };
    expect(schema.properties.sections).toMatchObject({ minItems: sections, maxItems: sections });
  });

  it("passes audience and tone to the model", async () => {
    const tag = uniqueTag("audience");
    await (await outline({ topic: `Rivers [[tag=${tag}]]`, audience: "hikers", tone: "wry" })).json();
    const prompt = (await sentBody(tag)).messages.at(-1)!.content;
    expect(prompt).toContain("Audience: hikers");
    expect(prompt).toContain("Tone: wry");
  });

  const invalid: Array<[string, unknown, string]> = [
    ["2 sections", { topic: "Gardening", sections: 2 }, "sections"],
    ["8 sections", { topic: "Gardening", sections: 8 }, "sections"],
    ["a fractional number of sections", { topic: "Gardening", sections: 4.5 }, "sections"],
    ["a missing topic", {}, "topic"],
    ["a topic over the limit", { topic: "t".repeat(limits.topicChars + 1) }, "topic"],
    ["the studio's length field", { topic: "Gardening", length: "long" }, "length"],
    ["an unknown field", { topic: "Gardening", chapters: 4 }, "chapters"],
  ];
  it.each(invalid)("answers 400 invalid_request for %s, naming the field", async (_name, body, param) => {
    await expectApiError(await outline(body), 400, "invalid_request", param);
  });

  it("answers 503 when the provider stays unavailable", async () => {
    await expectApiError(await outline({ topic: `Rivers [[fail=503]] [[id=${uniqueTag("o503")}]]` }), 503, "upstream_unavailable");
  });
});

const requiredTemplates = ["blog-post", "marketing-campaign", "product-description", "email-reply", "social-post"];

describe("GET /api/v1/templates", () => {
  it("lists the writing templates with a JSON Schema of each one's inputs", async () => {
    const res = await v1("/api/v1/templates", { key });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: unknown[] };
    const templates = data.map((t) => templateInfoSchema.parse(t));
    expect(templates.map((t) => t.id)).toEqual(expect.arrayContaining(requiredTemplates));
    for (const template of templates) {
      expect(template.name.length).toBeGreaterThan(0);
      expect(template.description.length).toBeGreaterThan(0);
      expect(template.inputs_schema).toMatchObject({ type: "object", properties: expect.any(Object) });
      expect(template.inputs_schema.additionalProperties).toBe(false);
    }
    const campaign = templates.find((t) => t.id === "marketing-campaign")!.inputs_schema as {
      properties: Record<string, { type: string; maxLength?: number; title?: string }>;
      required: string[];
    };
    expect(campaign.required).toEqual(["brand"]);
    expect(campaign.properties.brand).toMatchObject({ type: "string", maxLength: 60, title: "Brand" });
  });
});

describe("POST /api/v1/templates/{id}", () => {
  const run = (id: string, body: unknown, headers?: Record<string, string>) => v1(`/api/v1/templates/${id}`, { key, body, headers });

  it("streams a marketing campaign for a brand as Server-Sent Events", async () => {
    const tag = uniqueTag("campaign");
    const res = await run("marketing-campaign", { inputs: { brand: `Acme [[tag=${tag}]] [[tokens=9]]` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    expect((await sseText(res)).split(" ")).toHaveLength(9);
    const sent = await sentBody(tag);
    expect(sent.messages.map((m) => m.content).join("\n")).toMatch(/campaign/i);
    expect(sent.messages.at(-1)!.content).toContain("Acme");
  });

  it("answers a campaign as one JSON object for stream: false", async () => {
    const res = await run("marketing-campaign", { inputs: { brand: "Acme" }, stream: false });
    expect(res.status).toBe(200);
    const answer = v1CompletionSchema.parse(await res.json());
    // The scripted upstream's default answer: 12 words.
    expect(answer.content.split(" ")).toHaveLength(12);
    expect(answer.finish_reason).toBe("stop");
  });

  it.each([
    ["blog-post", { topic: "Why remote teams should write more" }],
    ["product-description", { product: "Trailblazer 40L hiking backpack", words: 80 }],
    ["email-reply", { email: "Can we meet on Thursday?", intent: "Yes, but on Friday" }],
    ["social-post", { topic: "Our beta opens today", platform: "linkedin", hashtags: true }],
  ])("runs the %s template", async (id, inputs) => {
    const res = await run(id, { inputs, stream: false });
    expect(res.status).toBe(200);
    expect(v1CompletionSchema.parse(await res.json()).content.split(" ")).toHaveLength(12);
  });

  const unprocessable: Array<[string, string, Record<string, unknown>, string]> = [
    ["a missing brand", "marketing-campaign", {}, "inputs.brand"],
    ["a blank brand", "marketing-campaign", { brand: "   " }, "inputs.brand"],
    ["a brand over 60 characters", "marketing-campaign", { brand: "b".repeat(61) }, "inputs.brand"],
    ["a brand that is not text", "marketing-campaign", { brand: 42 }, "inputs.brand"],
    ["an unknown input", "marketing-campaign", { brand: "Acme", colour: "red" }, "inputs.colour"],
    ["an unknown platform", "social-post", { topic: "Launch day", platform: "myspace" }, "inputs.platform"],
    ["a word count out of range", "product-description", { product: "Lamp", words: 5 }, "inputs.words"],
  ];
  it.each(unprocessable)("answers 422 unprocessable_request for %s, naming the input", async (_name, id, inputs, param) => {
    await expectApiError(await run(id, { inputs }), 422, "unprocessable_request", param);
  });

  const invalid: Array<[string, unknown, string]> = [
    ["missing inputs", {}, "inputs"],
    ["inputs that are not an object", { inputs: "Acme" }, "inputs"],
    ["an unknown field", { inputs: { brand: "Acme" }, brand: "Acme" }, "brand"],
  ];
  it.each(invalid)("answers 400 invalid_request for %s", async (_name, body, param) => {
    await expectApiError(await run("marketing-campaign", body), 400, "invalid_request", param);
  });

  it("answers 404 for an unknown template", async () => {
    await expectApiError(await run("haiku", { inputs: {} }), 404, "not_found");
  });

  it("answers 502 when the provider keeps failing", async () => {
    const res = await run("marketing-campaign", { inputs: { brand: `Acme [[fail=500]] [[id=${uniqueTag("t500")}]]` } });
    await expectApiError(res, 502, "upstream_error");
  });
});

describe("POST /api/templates/{id} (the studio's route)", () => {
  it("streams plain text for a signed-in user", async () => {
    const session = await guestSession();
    const res = await session.json("/api/templates/marketing-campaign", { inputs: { brand: "Acme [[tokens=5]]" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    expect((await res.text()).split(" ")).toHaveLength(5);
  });

  it("accepts an API key instead of a session", async () => {
    const res = await v1("/api/templates/marketing-campaign", { key, body: { inputs: { brand: "Acme [[tokens=3]]" } } });
    expect(res.status).toBe(200);
    expect((await res.text()).split(" ")).toHaveLength(3);
  });

  it("answers 422 for invalid inputs and 404 for an unknown template", async () => {
    const session = await guestSession();
    await expectApiError(await session.json("/api/templates/marketing-campaign", { inputs: {} }), 422, "unprocessable_request", "inputs.brand");
    await expectApiError(await session.json("/api/templates/haiku", { inputs: {} }), 404, "not_found");
  });
});
