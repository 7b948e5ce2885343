import { jobsRoute } from "@/lib/server/handlers/jobs";
import { studio } from "@/lib/server/handlers/policy";

// On Vercel (JOBS_RUNNER=after) the job runs in this function's after(): give it time.
export const maxDuration = 300;

/** The studio's side of /api/v1/jobs, so the jobs page can start a draft and follow it. */
const handlers = jobsRoute(studio);
export const GET = handlers.GET;
export const POST = handlers.POST;
export const { PUT, PATCH, DELETE } = handlers;
