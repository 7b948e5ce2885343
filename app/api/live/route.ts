import { otherMethods, route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/** Liveness: the process is up and answering. No I/O, so a slow database never restarts it. */
export const GET = route(async () => Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } }));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
