import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, parseId, route, type IdParams } from "@/lib/server/http";
import { cancelJobJson, getJobJson, jobNotFound } from "@/lib/server/jobs";
import { withRequestLimits } from "@/lib/server/limits";

export const { POST, PUT, PATCH } = otherMethods("GET, DELETE");

/** One of the signed-in user's jobs (the jobs page polls it while it runs). */
export const GET = route<IdParams>(async (req, { params }) => {
  const jobId = parseId((await params).id, jobNotFound);
  const principal = await authenticate(req, { session: true });
  return withRequestLimits({ ...principal, route: "/api/jobs" }, async () =>
    Response.json(await getJobJson({ ownerId: principal.user.id, jobId }), { headers: { "Cache-Control": "no-store" } }),
  );
});

/** Cancels a queued or running job; a finished one is answered as it is. */
export const DELETE = route<IdParams>(async (req, { params }) => {
  const jobId = parseId((await params).id, jobNotFound);
  const principal = await authenticate(req, { session: true });
  return withRequestLimits({ ...principal, route: "/api/jobs" }, async () =>
    Response.json(await cancelJobJson({ ownerId: principal.user.id, jobId })),
  );
});
