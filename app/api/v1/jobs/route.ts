import { jobsRoute } from "@/lib/server/handlers/jobs";
import { developerApi } from "@/lib/server/handlers/policy";

// On Vercel (JOBS_RUNNER=after) the job runs in this function's after(): give it time.
export const maxDuration = 300;

/** The developer API's side (API keys only, CORS): see lib/server/handlers/jobs.ts. */
const handlers = jobsRoute(developerApi);
export const GET = handlers.GET;
export const POST = handlers.POST;
export const { OPTIONS, PUT, PATCH, DELETE } = handlers;
