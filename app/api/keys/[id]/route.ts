import { apiKeyNotFound, getKey, revokeKey } from "@/lib/server/api-keys";
import { requireUser } from "@/lib/server/auth/session";
import { otherMethods, parseId, route, type IdParams } from "@/lib/server/http";
import { limitWrites } from "@/lib/server/limits";

export const { POST, PUT, PATCH } = otherMethods("GET, DELETE");

export const GET = route<IdParams>(async (_req, { params }) => {
  const keyId = parseId((await params).id, apiKeyNotFound);
  const user = await requireUser();
  return Response.json({ key: await getKey({ user, keyId }) });
});

/** Revokes the key at once; revoking again is harmless. The key stays listed as revoked. */
export const DELETE = route<IdParams>(async (_req, { params }) => {
  const keyId = parseId((await params).id, apiKeyNotFound);
  const user = await requireUser();
  await limitWrites(user);
  return Response.json({ key: await revokeKey({ user, keyId }) });
});
