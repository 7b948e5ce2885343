import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { modelsProbe, probeReachability } from "@/lib/server/ai/reachability";
import { parseEnv } from "@/lib/server/env";

const config = (vars: Record<string, string>) => parseEnv({ NODE_ENV: "test", ...vars });

describe("provider reachability probe", () => {
  it("asks each provider kind for its /models list, with its own auth header", () => {
    expect(modelsProbe("openai-compatible", config({ OPENAI_BASE_URL: "http://gpu.local:8000/v1/" }))).toEqual({
      url: "http://gpu.local:8000/v1/models",
      headers: {},
    });
    expect(modelsProbe("openai", config({ OPENAI_API_KEY: "sk-test" }))).toEqual({
      url: "https://api.openai.com/v1/models",
      headers: { Authorization: "Bearer sk-test" },
    });
    expect(modelsProbe("ollama", config({}))).toEqual({ url: "http://127.0.0.1:11434/v1/models", headers: {} });
    expect(modelsProbe("azure", config({ AZURE_OPENAI_API_KEY: "az", AZURE_OPENAI_RESOURCE_NAME: "acme" }))).toEqual({
      url: "https://acme.openai.azure.com/openai/v1/models?api-version=v1",
      headers: { "api-key": "az" },
    });
    expect(modelsProbe("azure", config({ AZURE_OPENAI_API_KEY: "az", AZURE_OPENAI_BASE_URL: "https://gw.example.com/azure" }))?.url).toBe(
      "https://gw.example.com/azure/models",
    );
  });

  it("reports ok, an HTTP error status, or no connection — never throwing", async () => {
    let status = 200;
    const server = createServer((req, res) => res.writeHead(req.url === "/v1/models" ? status : 404).end("{}"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    try {
      expect(await probeReachability("openai-compatible", config({ OPENAI_BASE_URL: base }))).toMatchObject({ ok: true, httpStatus: 200 });
      status = 401;
      expect(await probeReachability("openai-compatible", config({ OPENAI_BASE_URL: base }))).toMatchObject({
        ok: false,
        error: "http_error",
        httpStatus: 401,
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await probeReachability("openai-compatible", config({ OPENAI_BASE_URL: base }))).toMatchObject({ ok: false, error: "unreachable" });
    expect(await probeReachability(null)).toMatchObject({ provider: null, ok: false, error: "not_configured" });
  });
});
