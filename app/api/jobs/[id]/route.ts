import { jobRoute } from "@/lib/server/handlers/jobs";
import { studio } from "@/lib/server/handlers/policy";

/** The studio's side of /api/v1/jobs/{id} (the jobs page polls it while a job runs). */
const handlers = jobRoute(studio);
export const GET = handlers.GET;
export const DELETE = handlers.DELETE;
export const { POST, PUT, PATCH } = handlers;
