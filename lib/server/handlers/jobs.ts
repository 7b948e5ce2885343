import "server-only";
import { createJobSchema, jobListQuerySchema } from "@/lib/contracts/jobs";
import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, parseId, readJsonBody, route, routeOf, validate, type IdParams } from "@/lib/server/http";
import { cancelJobJson, getJobJson, jobNotFound, listJobDeliveriesJson, listJobsJson, submitJob } from "@/lib/server/jobs";
import { withRequestLimits } from "@/lib/server/limits";
import { noStore, type RoutePolicy } from "./policy";

/** /api/jobs and /api/v1/jobs: POST queues a job (202; an Idempotency-Key makes a retry return the original), GET lists the caller's. */
export function jobsRoute(policy: RoutePolicy) {
  const POST = route(async (req) => {
    const principal = await authenticate(req, policy);
    const body = await readJsonBody(req, createJobSchema);
    return withRequestLimits({ ...principal, route: routeOf(req) }, async () => {
      const { job, replayed } = await submitJob({ principal, body, idempotencyKey: req.headers.get("idempotency-key") });
      return Response.json(job, {
        status: 202,
        // The job on the side it was submitted to: /api/jobs/{id} for the studio, /api/v1/jobs/{id} for the API.
        headers: { Location: `${routeOf(req)}/${job.id}`, ...noStore, ...(replayed ? { "Idempotent-Replayed": "true" } : {}) },
      });
    });
  });

  /** Newest first: `status` filters, `limit` and `cursor` page. */
  const GET = route(async (req) => {
    const query = validate(jobListQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
    const principal = await authenticate(req, policy);
    return withRequestLimits({ ...principal, route: routeOf(req) }, async () =>
      Response.json(await listJobsJson({ ownerId: principal.user.id, ...query }), { headers: noStore }),
    );
  });

  return { ...otherMethods("GET, POST"), GET, POST };
}

/** A route on one of the caller's jobs (`[id]`): an id that is not a UUID or not theirs is 404. */
function onOwnJob(policy: RoutePolicy, answer: (job: { ownerId: string; jobId: string }) => Promise<unknown>) {
  return route<IdParams>(async (req, { params }) => {
    const jobId = parseId((await params).id, jobNotFound);
    const principal = await authenticate(req, policy);
    return withRequestLimits({ ...principal, route: routeOf(req) }, async () =>
      Response.json(await answer({ ownerId: principal.user.id, jobId }), { headers: noStore }),
    );
  });
}

/**
 * /api/jobs/{id} and /api/v1/jobs/{id}: GET one of the caller's jobs (polled while it runs);
 * DELETE cancels it, stopping a running one's model call at once (a finished job is answered as it is).
 */
export function jobRoute(policy: RoutePolicy) {
  return { ...otherMethods("GET, DELETE"), GET: onOwnJob(policy, getJobJson), DELETE: onOwnJob(policy, cancelJobJson) };
}

/** /api/jobs/{id}/deliveries and /api/v1/jobs/{id}/deliveries: the webhook deliveries of one of the caller's jobs, newest first. */
export function jobDeliveriesRoute(policy: RoutePolicy) {
  return { ...otherMethods("GET"), GET: onOwnJob(policy, listJobDeliveriesJson) };
}
