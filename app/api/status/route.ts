import { modelStatus } from "@/lib/server/ai/providers";
import { route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/** Which provider and models are active; the studio shows a setup notice when none is. */
export const GET = route(async () => Response.json(await modelStatus(), { headers: { "Cache-Control": "no-store" } }));
