import { createJobSchema, jobListQuerySchema } from "@/lib/contracts/jobs";
import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, readJsonBody, route, validate } from "@/lib/server/http";
import { listJobsJson, submitJob } from "@/lib/server/jobs";
import { withRequestLimits } from "@/lib/server/limits";

export const { OPTIONS, PUT, PATCH, DELETE } = otherMethods("GET, POST");

// On Vercel (JOBS_RUNNER=after) the job runs in this function's after(): give it time.
export const maxDuration = 300;

/** Queues a job (202); an Idempotency-Key makes a retried submission return the original job. */
export const POST = route(async (req) => {
  const principal = await authenticate(req, { session: false });
  const body = await readJsonBody(req, createJobSchema);
  return withRequestLimits({ ...principal, route: "/api/v1/jobs" }, async () => {
    const { job, replayed } = await submitJob({ principal, body, idempotencyKey: req.headers.get("idempotency-key") });
    return Response.json(job, {
      status: 202,
      headers: { Location: job.links.self, ...(replayed ? { "Idempotent-Replayed": "true" } : {}) },
    });
  });
});

/** The caller's jobs, newest first: `status` filters, `limit` and `cursor` page. */
export const GET = route(async (req) => {
  const query = validate(jobListQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  const principal = await authenticate(req, { session: false });
  return withRequestLimits({ ...principal, route: "/api/v1/jobs" }, async () =>
    Response.json(await listJobsJson({ ownerId: principal.user.id, ...query })),
  );
});
