import { startApp } from "../fixtures/app-server";
import { startFakeUpstream } from "../fixtures/fake-upstream/server";

/** E2E_PORT moves both instances (two checkouts testing side by side). */
export const studioPort = Number(process.env.E2E_PORT ?? 3310);
export const unconfiguredPort = studioPort + 1;

/**
 * Two instances of the built app: one wired to the scripted upstream (slow enough to watch
 * tokens arrive and press stop), one with no model at all (the setup notice).
 */
export default async function globalSetup() {
  const upstream = await startFakeUpstream({ defaults: { delay: 15 } });
  process.env.FAKE_UPSTREAM_URL = upstream.url;
  const [studio, unconfigured] = await Promise.all([
    startApp(studioPort, {
      OPENAI_BASE_URL: upstream.url,
      OPENAI_MODEL: "fake-model",
      // A second model and prices: variants compare models, and show their cost in money before asking.
      OPENAI_MODELS: "fake-model-small",
      MODEL_PRICES: "fake-model=0.15/0.60,fake-model-small=0.10/0.40",
      MODEL_RETRY_BASE_MS: "20",
      // A closed page's answer is stopped this long after it left (a reload comes back well within it).
      STREAM_RESUME_GRACE_MS: "5000",
      // The jobs spec sends webhooks (test events, job deliveries) to a receiver on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE: "true",
    }),
    // No provider, no embedded model on disk, and no download host (the notice's offline instructions).
    startApp(unconfiguredPort, { OLLAMA_DETECT: "true", OLLAMA_BASE_URL: "http://127.0.0.1:9", LOCAL_MODEL: "", HF_ENDPOINT: "http://127.0.0.1:9" }),
  ]);
  process.env.E2E_UNCONFIGURED_URL = unconfigured.url;
  return async () => {
    await Promise.all([studio.stop(), unconfigured.stop()]);
    await upstream.close();
  };
}
