import "server-only";
import { budgetHeaderNames, deprecationHeaderNames, rateLimitHeaderNames } from "@/lib/contracts/headers";
import { env } from "@/lib/server/env";

/** Headers a browser script may read from API answers. */
const exposed = [
  "X-Request-Id",
  "X-Draftwise-Model",
  "Retry-After",
  ...rateLimitHeaderNames,
  ...budgetHeaderNames,
  ...deprecationHeaderNames,
].join(", ");

/** The origin to allow, or undefined. Keys, not cookies, authenticate here, so no credentials mode. */
function allowedOrigin(origin: string | null): string | undefined {
  if (!origin) return undefined;
  if (env.CORS_ORIGINS.includes("*")) return "*";
  return env.CORS_ORIGINS.includes(origin) ? origin : undefined;
}

/** For actual /api/v1 answers: nothing unless the origin is allowed (CORS_ORIGINS). */
export function corsHeaders(origin: string | null): Record<string, string> {
  const allowed = allowedOrigin(origin);
  if (!allowed) return origin ? { Vary: "Origin" } : {};
  return { "Access-Control-Allow-Origin": allowed, "Access-Control-Expose-Headers": exposed, Vary: "Origin" };
}

const baseAllowedHeaders = ["Authorization", "X-API-Key", "Content-Type", "Accept", "X-Request-Id", "Idempotency-Key"];

/**
 * The answer to a preflight: a refused origin gets no CORS headers, which the browser enforces.
 * An allowed origin may send any header it asks for: SDKs add their own (the openai SDK's
 * `X-Stainless-*`, `OpenAI-Organization`), and keys rather than cookies guard the API.
 */
export function preflightHeaders(origin: string | null, requestedHeaders: string | null): Record<string, string> {
  const headers = corsHeaders(origin);
  if (!headers["Access-Control-Allow-Origin"]) return headers;
  const requested = (requestedHeaders ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter((h) => /^[\w-]{1,100}$/.test(h));
  return {
    ...headers,
    "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": [...new Set([...baseAllowedHeaders, ...requested])].join(", "),
    "Access-Control-Max-Age": "600",
    Vary: "Origin, Access-Control-Request-Headers",
  };
}
