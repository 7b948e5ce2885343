import "server-only";
import { AppError } from "@/lib/errors";
import type { DeprecationNotice } from "@/lib/openapi/options";
import { errorResponse } from "@/lib/server/http";

/** One shape for the route's headers and the OpenAPI document's notice. */
type Deprecation = DeprecationNotice;

/**
 * Routes and request forms on their way out. Their answers say so in headers (RFC 9745
 * `Deprecation`, RFC 8594 `Sunset`, `Link` to the successor and the notice), and the OpenAPI
 * document marks them from this same list.
 */
export const deprecations = {
  /** Developers had only /api/chat before /api/v1; the studio's own useChat body stays. */
  plainChatBody: {
    method: "POST",
    path: "/api/chat",
    form: "Plain `{ role, content }` message bodies",
    schema: "PlainChatRequest",
    since: new Date("2026-11-21T00:00:00Z"),
    sunset: new Date("2027-06-01T00:00:00Z"),
    successor: "/api/v1/chat",
    docs: "/docs#description/versioning-and-deprecation-policy",
  },
} as const satisfies Record<string, Deprecation>;

function deprecationHeaders(deprecation: Deprecation): Record<string, string> {
  return {
    Deprecation: `@${Math.floor(deprecation.since.getTime() / 1000)}`,
    Sunset: deprecation.sunset.toUTCString(),
    Link: `<${deprecation.successor}>; rel="successor-version", <${deprecation.docs}>; rel="deprecation"; type="text/html"`,
  };
}

/**
 * Runs a handler for a deprecated route or form and marks its answer, errors included (a client
 * fixing a 400 should learn about the successor too).
 */
export async function deprecated(deprecation: Deprecation, run: () => Promise<Response>): Promise<Response> {
  let response: Response;
  try {
    response = await run();
  } catch (error) {
    if (!AppError.is(error)) throw error;
    response = errorResponse(error);
  }
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(deprecationHeaders(deprecation))) headers.append(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
