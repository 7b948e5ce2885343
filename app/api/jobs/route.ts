import { createJobSchema, jobListQuerySchema } from "@/lib/contracts/jobs";
import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, readJsonBody, route, validate } from "@/lib/server/http";
import { listJobsJson, submitJob } from "@/lib/server/jobs";
import { withRequestLimits } from "@/lib/server/limits";

export const { PUT, PATCH, DELETE } = otherMethods("GET, POST");

// On Vercel (JOBS_RUNNER=after) the job runs in this function's after(): give it time.
export const maxDuration = 300;

/**
 * The studio's side of /api/v1/jobs (session cookie, or an API key as the other browser routes
 * take): the same body and answers, so the jobs page can start a draft and follow it.
 */
export const POST = route(async (req) => {
  const principal = await authenticate(req, { session: true });
  const body = await readJsonBody(req, createJobSchema);
  return withRequestLimits({ ...principal, route: "/api/jobs" }, async () => {
    const { job, replayed } = await submitJob({ principal, body, idempotencyKey: req.headers.get("idempotency-key") });
    return Response.json(job, {
      status: 202,
      headers: { Location: `/api/jobs/${job.id}`, "Cache-Control": "no-store", ...(replayed ? { "Idempotent-Replayed": "true" } : {}) },
    });
  });
});

/** The signed-in user's jobs, newest first: `status` filters, `limit` and `cursor` page (as GET /api/v1/jobs). */
export const GET = route(async (req) => {
  const query = validate(jobListQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  const principal = await authenticate(req, { session: true });
  return withRequestLimits({ ...principal, route: "/api/jobs" }, async () =>
    Response.json(await listJobsJson({ ownerId: principal.user.id, ...query }), { headers: { "Cache-Control": "no-store" } }),
  );
});
