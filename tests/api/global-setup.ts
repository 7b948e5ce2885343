import type { TestProject } from "vitest/node";
import { guestCookie, startApp } from "../fixtures/app-server";
import { startFakeUpstream } from "../fixtures/fake-upstream/server";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    unconfiguredUrl: string;
    ollamaUrl: string;
    upstreamUrl: string;
    /** A guest session's Cookie header per app URL; postJson sends it unless told otherwise. */
    sessionCookies: Record<string, string>;
  }
}

/**
 * The built app three times: wired to the scripted upstream through OPENAI_BASE_URL,
 * with nothing configured, and with nothing configured but an "Ollama" answering on the
 * probed address (the scripted upstream also speaks Ollama's /api/tags).
 */
/** Ports of the three instances; API_TEST_PORT moves them (two checkouts testing side by side). */
const basePort = Number(process.env.API_TEST_PORT ?? 3210);

export default async function setup(project: TestProject) {
  const upstream = await startFakeUpstream();
  const ollamaBase = upstream.url.replace(/\/v1$/, "");
  const [app, unconfigured, ollama] = await Promise.all([
    startApp(basePort, {
      OPENAI_BASE_URL: upstream.url,
      OPENAI_MODEL: "fake-model",
      OPENAI_MODELS: "fake-model-small",
      MODEL_CONTEXT_WINDOW: "8192",
      MODEL_MAX_OUTPUT_TOKENS: "2048",
      MODEL_RETRY_BASE_MS: "20",
      MODEL_RETRY_MAX_DELAY_MS: "2000",
      MODEL_FIRST_TOKEN_TIMEOUT_MS: "1500",
      MODEL_TIMEOUT_MS: "4000",
    }),
    startApp(basePort + 1, { OLLAMA_DETECT: "true", OLLAMA_BASE_URL: "http://127.0.0.1:9" }),
    startApp(basePort + 2, { OLLAMA_DETECT: "true", OLLAMA_BASE_URL: ollamaBase }),
  ]);
  project.provide("appUrl", app.url);
  project.provide("unconfiguredUrl", unconfigured.url);
  project.provide("ollamaUrl", ollama.url);
  project.provide("upstreamUrl", upstream.url);
  const bases = [app.url, unconfigured.url, ollama.url];
  const cookies = await Promise.all(bases.map(guestCookie));
  project.provide("sessionCookies", Object.fromEntries(bases.map((b, i) => [b, cookies[i]!])));
  return async () => {
    await Promise.all([app.stop(), unconfigured.stop(), ollama.stop()]);
    await upstream.close();
  };
}
