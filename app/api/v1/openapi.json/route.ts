import { openApiDocument } from "@/lib/openapi/document";
import { modelStatus } from "@/lib/server/ai/providers";
import { deprecations } from "@/lib/server/deprecation";
import { configuredRateLimits } from "@/lib/server/limits";
import { otherMethods, route } from "@/lib/server/http";

export const { OPTIONS, POST, PUT, PATCH, DELETE } = otherMethods("GET");

/**
 * The origin the client reached: behind a proxy, its X-Forwarded-Host/-Proto. (Next's own
 * `req.url` names the address it listens on, e.g. localhost.) Anything odd falls back to that.
 */
function requestOrigin(req: Request): string {
  const fallback = new URL(req.url);
  const host = (req.headers.get("x-forwarded-host") ?? req.headers.get("host"))?.split(",")[0]?.trim();
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? fallback.protocol.replace(":", "");
  if (!host || !/^https?$/.test(proto) || !/^[\w.-]+(?::\d{1,5})?$|^\[[\da-f:.]+\](?::\d{1,5})?$/i.test(host)) return fallback.origin;
  return `${proto}://${host}`;
}

/**
 * The OpenAPI document, public like any API reference. Its server and code samples use the
 * origin it was asked on, its examples the configured default model, its text this server's
 * rate limits. It changes only with a deploy, so caches may keep it a few minutes — per host.
 */
export const GET = route(async (req) => {
  const { defaultModel } = await modelStatus();
  const document = openApiDocument({
    serverUrl: requestOrigin(req),
    defaultModel: defaultModel ?? undefined,
    rateLimits: configuredRateLimits(),
    deprecations: Object.values(deprecations),
  });
  return Response.json(document, {
    headers: { "Cache-Control": "public, max-age=300", Vary: "Host, X-Forwarded-Host, X-Forwarded-Proto" },
  });
});
