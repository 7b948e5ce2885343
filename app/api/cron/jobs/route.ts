import { otherMethods, route } from "@/lib/server/http";
import { authorizeCron, runCronSweep } from "@/lib/server/jobs/cron";

/** Vercel caps a function at its maxDuration; the sweep stops 30 s before it. */
export const maxDuration = 300;
export const dynamic = "force-dynamic";

const sweep = route(async (req) => {
  authorizeCron(req);
  return Response.json(await runCronSweep({ deadline: Date.now() + (maxDuration - 30) * 1_000 }));
});

/** Vercel Cron's call (GET, Authorization: Bearer $CRON_SECRET): runs stragglers and due webhooks. */
export const GET = sweep;
/** The same for schedulers that POST. */
export const POST = sweep;
export const { PUT, PATCH, DELETE } = otherMethods("GET, POST");
