import { describe, expect, it } from "vitest";
import { envSchema, parseEnv } from "@/lib/server/env";
import { configuredProvider } from "@/lib/server/ai/providers";

const envWith = (vars: Record<string, string>) => envSchema.parse(vars);

describe("environment", () => {
  it("applies documented defaults", () => {
    const env = envWith({});
    expect(env.OLLAMA_BASE_URL).toBe("http://127.0.0.1:11434");
    expect(env.MODEL_MAX_RETRIES).toBe(2);
    expect(env.OPENAI_MODELS).toEqual([]);
  });

  it("names every invalid variable in one startup error", () => {
    expect(() => parseEnv({ OPENAI_BASE_URL: "not a url", MODEL_TIMEOUT_MS: "soon" })).toThrow(
      /OPENAI_BASE_URL[\s\S]*MODEL_TIMEOUT_MS|MODEL_TIMEOUT_MS[\s\S]*OPENAI_BASE_URL/,
    );
  });

  it("keys per-route deadlines by route template, and refuses a key no route has", () => {
    expect(envWith({ MODEL_ROUTE_TIMEOUTS: "/api/templates/[id]=2000/60000" }).MODEL_ROUTE_TIMEOUTS).toEqual({
      "/api/templates/[id]": { firstTokenMs: 2000, totalMs: 60000 },
    });
    expect(() => parseEnv({ MODEL_ROUTE_TIMEOUTS: "/api/templates=2000/60000" })).toThrow(/MODEL_ROUTE_TIMEOUTS[\s\S]*not a route template/);
  });

  it("reads model prices per million tokens, and refuses an entry that isn't id=input/output", () => {
    expect(envWith({}).MODEL_PRICES).toEqual({});
    expect(envWith({ MODEL_PRICES: "gpt-4o-mini=0.15/0.60" }).MODEL_PRICES).toEqual({ "gpt-4o-mini": { input: 0.15, output: 0.6 } });
    expect(() => parseEnv({ MODEL_PRICES: "gpt-4o-mini=cheap" })).toThrow(/MODEL_PRICES[\s\S]*not model=input\/output/);
  });

  it("treats empty strings as unset", () => {
    expect(envWith({ OPENAI_API_KEY: "", OPENAI_BASE_URL: "" }).OPENAI_BASE_URL).toBeUndefined();
  });
});

describe("provider selection", () => {
  it("chooses nothing when nothing is configured", () => {
    expect(configuredProvider(envWith({}))).toBeNull();
  });

  it("uses OpenAI with a key, defaulting to a known model", () => {
    const provider = configuredProvider(envWith({ OPENAI_API_KEY: "sk-test" }))!;
    expect(provider.kind).toBe("openai");
    expect(provider.defaultModel).toBe("gpt-4.1-mini");
    expect(provider.models.find((m) => m.id === "gpt-4o")?.maxOutputTokens).toBe(16_384);
  });

  it("gives the models MODEL_PRICES names their price, and the others none", () => {
    const provider = configuredProvider(envWith({ OPENAI_API_KEY: "sk-test", MODEL_PRICES: "gpt-4o=2.5/10" }))!;
    expect(provider.models.find((m) => m.id === "gpt-4o")?.price).toEqual({ input: 2.5, output: 10 });
    expect(provider.models.find((m) => m.id === "gpt-4.1")?.price).toBeUndefined();
  });

  it("uses an OpenAI-compatible server when OPENAI_BASE_URL is set, key optional", () => {
    const provider = configuredProvider(
      envWith({ OPENAI_BASE_URL: "http://localhost:8000/v1", OPENAI_MODEL: "llama3.1", OPENAI_MODELS: "qwen2.5, mistral", MODEL_CONTEXT_WINDOW: "16384" }),
    )!;
    expect(provider.kind).toBe("openai-compatible");
    expect(provider.models.map((m) => m.id)).toEqual(["llama3.1", "qwen2.5", "mistral"]);
    expect(provider.models[0]).toMatchObject({ default: true, contextWindow: 16_384 });
    expect(provider.languageModel("llama3.1")).toMatchObject({ modelId: "llama3.1" });
  });

  it("prefers Azure OpenAI when its key and resource are set", () => {
    const provider = configuredProvider(
      envWith({ AZURE_OPENAI_API_KEY: "k", AZURE_OPENAI_RESOURCE_NAME: "acme", AZURE_OPENAI_DEPLOYMENT: "writer", OPENAI_API_KEY: "sk" }),
    )!;
    expect(provider.kind).toBe("azure");
    expect(provider.defaultModel).toBe("writer");
  });

  it("uses the Chat Completions protocol for every provider", () => {
    const compatible = configuredProvider(envWith({ OPENAI_BASE_URL: "http://localhost:8000/v1" }))!;
    const model = compatible.languageModel("m") as { provider: string };
    expect(model.provider).toMatch(/chat/);
  });
});
