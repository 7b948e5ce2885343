import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, parseId, route, type IdParams } from "@/lib/server/http";
import { jobNotFound, listJobDeliveriesJson } from "@/lib/server/jobs";
import { withRequestLimits } from "@/lib/server/limits";

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");

/** The studio's delivery log of one of the signed-in user's jobs (as GET /api/v1/jobs/{id}/deliveries). */
export const GET = route<IdParams>(async (req, { params }) => {
  const jobId = parseId((await params).id, jobNotFound);
  const principal = await authenticate(req, { session: true });
  return withRequestLimits({ ...principal, route: "/api/jobs" }, async () =>
    Response.json(await listJobDeliveriesJson({ ownerId: principal.user.id, jobId }), { headers: { "Cache-Control": "no-store" } }),
  );
});
