import { describe, expect, inject, it } from "vitest";
import { expectError, postJson } from "./helpers";
import { guestSession } from "./session";

describe("model configuration", () => {
  it("reports the configured OpenAI-compatible provider and its models", async () => {
    const status = await (await fetch(`${inject("appUrl")}/api/status`)).json();
    expect(status).toMatchObject({ configured: true, provider: "openai-compatible", defaultModel: "fake-model" });
    expect(status.models.map((m: { id: string }) => m.id)).toEqual(["fake-model", "fake-model-small"]);
  });

  it("serves every page with no model configured", async () => {
    const base = inject("unconfiguredUrl");
    const session = await guestSession(base);
    const home = await session.fetch("/");
    expect(home.status).toBe(307);
    const page = await session.fetch(new URL(home.headers.get("location")!, base).pathname);
    expect(page.status).toBe(200);
    const status = await (await fetch(`${base}/api/status`)).json();
    expect(status.configured).toBe(false);
    expect(status.setup.variables).toContain("OPENAI_BASE_URL");
  });

  it.each([
    ["/api/chat", { messages: [{ role: "user", content: "hi" }] }],
    ["/api/write", { action: "improve", text: "hi" }],
    ["/api/outline", { topic: "Tides" }],
  ])("answers %s with 503 model_not_configured naming the variables to set", async (path, body) => {
    const error = await expectError(await postJson(path, body, { base: inject("unconfiguredUrl") }), 503, "model_not_configured");
    expect(error.message).toContain("OPENAI_BASE_URL");
    expect(error.message).toContain("OPENAI_API_KEY");
  });

  it("still validates input before looking for a model", async () => {
    await expectError(await postJson("/api/chat", { messages: [] }, { base: inject("unconfiguredUrl") }), 400, "invalid_request");
  });

  it("finds a local Ollama when nothing is configured and writes with it", async () => {
    const base = inject("ollamaUrl");
    const status = await (await fetch(`${base}/api/status`)).json();
    expect(status).toMatchObject({ configured: true, provider: "ollama", defaultModel: "fake-model" });
    const res = await postJson("/api/chat", { messages: [{ role: "user", content: "hi [[tokens=4]]" }], stream: false }, { base });
    expect(res.status).toBe(200);
    expect((await res.json()).text.split(" ")).toHaveLength(4);
  });
});
