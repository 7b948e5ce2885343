import { otherMethods, route } from "@/lib/server/http";
import { health } from "@/lib/server/health";

export const dynamic = "force-dynamic";

/** `{ status, version, uptime_seconds, started_at, node }`. */
export const GET = route(async () => Response.json(health(), { headers: { "Cache-Control": "no-store" } }));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
