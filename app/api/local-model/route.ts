import { downloadAction, localModelSetupStatus } from "@/lib/server/ai/local/download-manager";
import { adminRefusal, requireUser } from "@/lib/server/auth/session";
import { otherMethods, route } from "@/lib/server/http";

export const dynamic = "force-dynamic";
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");

/**
 * The studio's setup notice: the embedded model LOCAL_MODEL names (the catalog default when
 * unset), whether the file is there, the server's download of it (polled while it runs),
 * whether the server can reach where it downloads from, and whether this account may start it.
 * No server paths: whoever reads it learns file names only.
 */
export const GET = route(async () => {
  const user = await requireUser();
  return Response.json(await localModelSetupStatus({ refusal: adminRefusal(user, downloadAction) }), { headers: { "Cache-Control": "no-store" } });
});
