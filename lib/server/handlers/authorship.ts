import "server-only";
import { authorshipQuerySchema } from "@/lib/contracts/authorship";
import { authorshipReportMarkdown } from "@/lib/editor/authorship/report";
import { authenticate } from "@/lib/server/auth/principal";
import { requireUser } from "@/lib/server/auth/session";
import { parseDocumentId } from "@/lib/server/documents";
import { documentAuthorship } from "@/lib/server/documents/authorship";
import { contentDisposition, exportFileName } from "@/lib/server/documents/export";
import { otherMethods, route, routeOf, validate, type IdParams } from "@/lib/server/http";
import { withRequestLimits } from "@/lib/server/limits";
import { noStore, type RoutePolicy } from "./policy";

/**
 * /api/documents/{id}/authorship (the studio: session cookie) and /api/v1/documents/{id}/authorship: one of the caller's documents'
 * authorship record as JSON or Markdown (`?format=`). The studio's answer is a download named after the
 * title; the API's is the body itself. Another user's document, a missing one or an id that is not a
 * UUID is 404 (as on every document route); an unknown `format` is 400.
 */
export function authorshipRoute(policy: RoutePolicy) {
  const GET = route<IdParams>(async (req, { params }) => {
    // The studio's side is a document route like /api/documents/{id}/export: the session cookie only.
    const principal = policy.session ? { user: await requireUser(req) } : await authenticate(req, policy);
    const documentId = parseDocumentId((await params).id);
    const { format } = validate(authorshipQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
    return withRequestLimits({ ...principal, route: routeOf(req) }, async () => {
      const report = await documentAuthorship({ ownerId: principal.user.id, documentId, storeContent: principal.user.storeContent });
      const headers: Record<string, string> = { ...noStore, "X-Content-Type-Options": "nosniff" };
      if (policy.session) headers["Content-Disposition"] = contentDisposition(exportFileName(`${report.title} authorship`, format === "markdown" ? "md" : "json"));
      if (format === "json") return Response.json(report, { headers });
      return new Response(authorshipReportMarkdown(report), { headers: { ...headers, "Content-Type": "text/markdown; charset=utf-8" } });
    });
  });

  return { ...otherMethods("GET"), GET };
}
