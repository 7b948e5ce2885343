import { cancelLocalModelDownload, downloadAction, startLocalModelDownload } from "@/lib/server/ai/local/download-manager";
import { requireAdmin } from "@/lib/server/auth/session";
import { otherMethods, route } from "@/lib/server/http";

export const dynamic = "force-dynamic";
export const { GET, PUT, PATCH } = otherMethods("POST, DELETE");

const noStore = { "Cache-Control": "no-store" };

/**
 * Starts the embedded model's download into DATA_DIR/models, or joins the one running: 202 with
 * the state GET /api/local-model answers (follow it there). It changes the server for everyone,
 * so only an administrator may (ADMIN_EMAILS; unset, any signed-in account): 403 admin_only
 * otherwise. 409 model_already_configured when a provider is active; 422 when LOCAL_MODEL is
 * `off` or names a file.
 */
export const POST = route(async () => {
  await requireAdmin(downloadAction);
  return Response.json(await startLocalModelDownload(), { status: 202, headers: { ...noStore, Location: "/api/local-model" } });
});

/** Cancels the running download (its partial file stays, so the next one resumes); 200 with the state after. Administrators only, as POST. */
export const DELETE = route(async () => {
  await requireAdmin(downloadAction);
  return Response.json(await cancelLocalModelDownload(), { headers: noStore });
});
