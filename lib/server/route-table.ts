import "server-only";

/**
 * Every route of app/ (each `route.ts`, as Next names its folder). Logs, metrics, traces and usage
 * records label a request with its template here, never with its raw path, so a caller's URL
 * can't mint new labels. tests/unit/route-table.test.ts keeps this list equal to the files.
 */
export const routeTemplates = [
  "/api/[...path]",
  "/api/account",
  "/api/account/password",
  "/api/auth/[...nextauth]",
  "/api/auth/guest",
  "/api/bench/passthrough",
  "/api/chat",
  "/api/chat/[id]/stream",
  "/api/conversations",
  "/api/conversations/[id]",
  "/api/conversations/[id]/messages/[messageId]/answer",
  "/api/conversations/[id]/messages/[messageId]/continue",
  "/api/conversations/[id]/messages/[messageId]/show",
  "/api/cron/jobs",
  "/api/documents",
  "/api/documents/[id]",
  "/api/documents/[id]/authorship",
  "/api/documents/[id]/export",
  "/api/documents/[id]/outline",
  "/api/documents/[id]/restore",
  "/api/documents/[id]/style-guide",
  "/api/documents/[id]/versions",
  "/api/documents/[id]/versions/[versionId]",
  "/api/documents/[id]/versions/[versionId]/restore",
  "/api/edits",
  "/api/health",
  "/api/jobs",
  "/api/jobs/[id]",
  "/api/jobs/[id]/deliveries",
  "/api/jobs/[id]/document",
  "/api/keys",
  "/api/keys/[id]",
  "/api/live",
  "/api/local-model",
  "/api/local-model/download",
  "/api/metrics",
  "/api/outline",
  "/api/ready",
  "/api/status",
  "/api/templates/[id]",
  "/api/usage",
  "/api/v1/chat",
  "/api/v1/chat/completions",
  "/api/v1/documents/[id]/authorship",
  "/api/v1/edits",
  "/api/v1/jobs",
  "/api/v1/jobs/[id]",
  "/api/v1/jobs/[id]/deliveries",
  "/api/v1/models",
  "/api/v1/models/[...id]",
  "/api/v1/openapi.json",
  "/api/v1/outline",
  "/api/v1/templates",
  "/api/v1/templates/[id]",
  "/api/v1/webhooks/secret",
  "/api/v1/webhooks/test",
  "/api/v1/write",
  "/api/webhooks/secret",
  "/api/webhooks/test",
  "/api/write",
  "/docs",
  "/docs/api-reference.js",
] as const;

type RouteTemplate = (typeof routeTemplates)[number];

/** A path no route serves (app/api/[...path] takes the rest of /api, so only a path outside it). */
const unmatchedRoute = "[unmatched]";

/** A static segment outranks a dynamic one, which outranks a catch-all: Next's own precedence. */
const rank = (segment: string) => (segment.startsWith("[...") ? 2 : segment.startsWith("[") ? 1 : 0);

function compare(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = rank(a[i]!) - rank(b[i]!);
    if (difference) return difference;
  }
  return b.length - a.length;
}

const table = routeTemplates
  .map((template) => ({ template, segments: template.split("/").filter(Boolean) }))
  .sort((a, b) => compare(a.segments, b.segments));

function matches(segments: string[], parts: string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.startsWith("[...")) return parts.length > i;
    if (i >= parts.length || (rank(segment) === 0 && segment !== parts[i])) return false;
  }
  return parts.length === segments.length;
}

/** What requests and model calls are labelled with: a route's template, or `[unmatched]`. */
export type RouteLabel = RouteTemplate | typeof unmatchedRoute;

/** The template of the route serving `pathname` (e.g. `/api/jobs/[id]`), or `[unmatched]`. */
export function routeTemplate(pathname: string): RouteLabel {
  const parts = pathname.split("/").filter(Boolean);
  return table.find(({ segments }) => matches(segments, parts))?.template ?? unmatchedRoute;
}
