import "server-only";
import type { ProviderKind } from "@/lib/ai/models";
import { env, type Env } from "@/lib/server/env";
import { localModelFile } from "./local/provider";
import { activeProvider } from "./providers";

/**
 * Whether the active provider answers: a cheap `GET …/models` (no model call, no tokens), at most
 * once per 30 seconds per process, shared by every caller of /api/status in between.
 */
export interface Reachability {
  provider: ProviderKind | null;
  /** The provider answered `/models` with a 2xx. */
  ok: boolean;
  /** Why not: no provider, no answer in time, no connection, or an HTTP error status. */
  error?: "not_configured" | "timeout" | "unreachable" | "http_error" | "invalid_model";
  /** The HTTP status of the answer, when there was one. */
  httpStatus?: number;
  latencyMs?: number;
  checkedAt: string;
}

const TTL_MS = 30_000;
const TIMEOUT_MS = 2_000;

interface Probe {
  url: string;
  headers: Record<string, string>;
}

const trim = (url: string) => url.replace(/\/+$/, "");

/** The `/models` URL and auth header of a provider kind, as its AI SDK provider would build them. */
export function modelsProbe(kind: ProviderKind, config: Env): Probe | null {
  switch (kind) {
    case "openai-compatible":
      if (!config.OPENAI_BASE_URL) return null;
      return {
        url: `${trim(config.OPENAI_BASE_URL)}/models`,
        headers: config.OPENAI_API_KEY ? { Authorization: `Bearer ${config.OPENAI_API_KEY}` } : {},
      };
    case "openai":
      if (!config.OPENAI_API_KEY) return null;
      return { url: "https://api.openai.com/v1/models", headers: { Authorization: `Bearer ${config.OPENAI_API_KEY}` } };
    case "ollama":
      return { url: `${trim(config.OLLAMA_BASE_URL)}/v1/models`, headers: {} };
    case "local":
      return null;
    case "azure": {
      if (!config.AZURE_OPENAI_API_KEY) return null;
      const base = config.AZURE_OPENAI_BASE_URL
        ? trim(config.AZURE_OPENAI_BASE_URL)
        : config.AZURE_OPENAI_RESOURCE_NAME
          ? `https://${config.AZURE_OPENAI_RESOURCE_NAME}.openai.azure.com/openai`
          : null;
      if (!base) return null;
      const host = new URL(base).hostname;
      const azureHost = /\.(?:openai|services\.ai|cognitiveservices)\.azure\.com$/.test(host);
      const versioned = azureHost && /\/openai\/v1$/i.test(base);
      const url = new URL(azureHost && !versioned ? `${base}/v1/models` : `${base}/models`);
      if (azureHost && !versioned) url.searchParams.set("api-version", config.AZURE_OPENAI_API_VERSION ?? "v1");
      return { url: url.toString(), headers: { "api-key": config.AZURE_OPENAI_API_KEY } };
    }
  }
}

/** One probe, never throwing: the answer says what went wrong. */
export async function probeReachability(kind: ProviderKind | null, config: Env = env): Promise<Reachability> {
  const checkedAt = new Date().toISOString();
  // The embedded model answers if its file is usable; there is nothing to connect to.
  if (kind === "local") {
    const file = await localModelFile();
    return file && !file.error ? { provider: kind, ok: true, checkedAt } : { provider: kind, ok: false, error: "invalid_model", checkedAt };
  }
  const probe = kind ? modelsProbe(kind, config) : null;
  if (!kind || !probe) return { provider: kind, ok: false, error: "not_configured", checkedAt };
  const started = performance.now();
  try {
    const res = await fetch(probe.url, { headers: probe.headers, signal: AbortSignal.timeout(TIMEOUT_MS), cache: "no-store" });
    await res.body?.cancel().catch(() => {});
    const latencyMs = Math.round(performance.now() - started);
    return res.ok
      ? { provider: kind, ok: true, httpStatus: res.status, latencyMs, checkedAt }
      : { provider: kind, ok: false, error: "http_error", httpStatus: res.status, latencyMs, checkedAt };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return {
      provider: kind,
      ok: false,
      error: timedOut ? "timeout" : "unreachable",
      latencyMs: Math.round(performance.now() - started),
      checkedAt,
    };
  }
}

interface Cache {
  at: number;
  kind: ProviderKind | null;
  pending?: Promise<Reachability>;
  value?: Reachability;
}

const holder = globalThis as typeof globalThis & { draftwiseReachability?: Cache };

/**
 * The active provider's reachability, probed at most every 30 s. Concurrent callers share one
 * probe; once a result exists, a stale one is answered at once while a new probe runs behind it.
 */
export async function providerReachability(): Promise<Reachability> {
  const kind = (await activeProvider())?.kind ?? null;
  // Nothing to probe over the network: whether the file is usable is known at once, and kept current.
  if (kind === "local") return probeReachability(kind);
  const cache = (holder.draftwiseReachability ??= { at: 0, kind: null });
  if (cache.kind !== kind) holder.draftwiseReachability = { at: 0, kind };
  const current = holder.draftwiseReachability!;
  if (current.value && Date.now() - current.at < TTL_MS) return current.value;
  if (!current.pending) {
    current.at = Date.now();
    current.pending = probeReachability(kind).then((value) => {
      current.value = value;
      current.pending = undefined;
      return value;
    });
  }
  return current.value ?? current.pending;
}
