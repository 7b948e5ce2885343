import { jobDeliveriesRoute } from "@/lib/server/handlers/jobs";
import { studio } from "@/lib/server/handlers/policy";

/** The studio's side of /api/v1/jobs/{id}/deliveries. */
const handlers = jobDeliveriesRoute(studio);
export const GET = handlers.GET;
export const { POST, PUT, PATCH, DELETE } = handlers;
