import { otherMethods, route } from "@/lib/server/http";
import { readiness } from "@/lib/server/health";

export const dynamic = "force-dynamic";

/** Readiness: 200 when the database answers, migrations are applied and Redis (if set) answers; 503 naming what failed. */
export const GET = route(async () => {
  const ready = await readiness();
  return Response.json(ready, { status: ready.status === "ready" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
