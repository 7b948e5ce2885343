import { usageQuerySchema } from "@/lib/contracts/conversations";
import { requireUser } from "@/lib/server/auth/session";
import { route, validate } from "@/lib/server/http";
import { usageSummary } from "@/lib/server/usage";

/** The caller's tokens per day and per model over the last `days` days. */
export const GET = route(async (req) => {
  const query = validate(usageQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  const user = await requireUser(req);
  return Response.json(await usageSummary({ userId: user.id, days: query.days }));
});
