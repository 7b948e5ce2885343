import { operationalStatus } from "@/lib/server/health";
import { route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/**
 * Which provider and models are active (the studio shows a setup notice when none is), plus what
 * an operator watches: provider reachability (cached probe), breakers, active streams, queue depth
 * and whether the server is draining.
 */
export const GET = route(async () => Response.json(await operationalStatus(), { headers: { "Cache-Control": "no-store" } }));
