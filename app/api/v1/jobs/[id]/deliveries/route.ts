import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, parseId, route, type IdParams } from "@/lib/server/http";
import { jobNotFound, listJobDeliveriesJson } from "@/lib/server/jobs";
import { withRequestLimits } from "@/lib/server/limits";

export const { OPTIONS, POST, PUT, PATCH, DELETE } = otherMethods("GET");

/** The webhook deliveries of one of the caller's jobs, newest first, each with its attempts. */
export const GET = route<IdParams>(async (req, { params }) => {
  const jobId = parseId((await params).id, jobNotFound);
  const principal = await authenticate(req, { session: false });
  return withRequestLimits({ ...principal, route: "/api/v1/jobs" }, async () =>
    Response.json(await listJobDeliveriesJson({ ownerId: principal.user.id, jobId })),
  );
});
