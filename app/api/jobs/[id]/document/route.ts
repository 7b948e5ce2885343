import { acceptedByLabel } from "@/lib/editor/authorship/record";
import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, parseId, route, routeOf, type IdParams } from "@/lib/server/http";
import { jobNotFound } from "@/lib/server/jobs";
import { createDocumentFromJob } from "@/lib/server/jobs/document";
import { limitWrites, withRequestLimits } from "@/lib/server/limits";

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/**
 * A succeeded draft job's article as a new document (201 with the document, as POST
 * /api/documents answers). Not a succeeded draft: 409 `not_a_finished_draft`.
 */
export const POST = route<IdParams>(async (req, { params }) => {
  const jobId = parseId((await params).id, jobNotFound);
  const principal = await authenticate(req, { session: true });
  await limitWrites(principal.user);
  return withRequestLimits({ ...principal, route: routeOf(req) }, async () =>
    Response.json({ document: await createDocumentFromJob({ ownerId: principal.user.id, jobId, acceptedBy: acceptedByLabel({ ...principal.user, is_guest: principal.user.isGuest }) }) }, { status: 201 }),
  );
});
