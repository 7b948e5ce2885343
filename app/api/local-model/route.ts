import { localModelSetupStatus } from "@/lib/server/ai/local/download-manager";
import { requireUser } from "@/lib/server/auth/session";
import { otherMethods, route } from "@/lib/server/http";

export const dynamic = "force-dynamic";
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");

/**
 * The studio's setup notice: the embedded model LOCAL_MODEL names (the catalog default when
 * unset), DATA_DIR/models, whether the file is there, the server's download of it (polled while
 * it runs) and whether the server can reach where it downloads from.
 */
export const GET = route(async () => {
  await requireUser();
  return Response.json(await localModelSetupStatus(), { headers: { "Cache-Control": "no-store" } });
});
