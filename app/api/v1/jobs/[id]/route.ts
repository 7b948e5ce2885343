import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, parseId, route, type IdParams } from "@/lib/server/http";
import { cancelJobJson, getJobJson, jobNotFound } from "@/lib/server/jobs";
import { withRequestLimits } from "@/lib/server/limits";

export const { OPTIONS, POST, PUT, PATCH } = otherMethods("GET, DELETE");

/** One of the caller's jobs: status, progress, result or error, usage. */
export const GET = route<IdParams>(async (req, { params }) => {
  const jobId = parseId((await params).id, jobNotFound);
  const principal = await authenticate(req, { session: false });
  return withRequestLimits({ ...principal, route: "/api/v1/jobs" }, async () =>
    Response.json(await getJobJson({ ownerId: principal.user.id, jobId })),
  );
});

/** Cancels a queued or running job (a running one stops its model call at once); idempotent. */
export const DELETE = route<IdParams>(async (req, { params }) => {
  const jobId = parseId((await params).id, jobNotFound);
  const principal = await authenticate(req, { session: false });
  return withRequestLimits({ ...principal, route: "/api/v1/jobs" }, async () =>
    Response.json(await cancelJobJson({ ownerId: principal.user.id, jobId })),
  );
});
