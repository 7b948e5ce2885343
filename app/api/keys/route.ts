import { createApiKeySchema } from "@/lib/contracts/api-keys";
import { createApiKey, listKeys } from "@/lib/server/api-keys";
import { requireUser } from "@/lib/server/auth/session";
import { otherMethods, readJsonBody, route } from "@/lib/server/http";
import { limitWrites } from "@/lib/server/limits";

export const { PUT, PATCH, DELETE } = otherMethods("GET, POST");

/** The signed-in user's API keys (never the secrets), with what their budgets have left. */
export const GET = route(async () => {
  const user = await requireUser();
  return Response.json({ keys: await listKeys({ user }) }, { headers: { "Cache-Control": "no-store" } });
});

/** A new key. The secret is in this answer only; afterwards only its prefix is shown. */
export const POST = route(async (req) => {
  const user = await requireUser(req);
  await limitWrites(user);
  const input = await readJsonBody(req, createApiKeySchema);
  return Response.json({ key: await createApiKey({ user, input }) }, { status: 201, headers: { "Cache-Control": "no-store" } });
});
