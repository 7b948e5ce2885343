import { versionLabelSchema } from "@/lib/contracts/documents";
import { requireUser } from "@/lib/server/auth/session";
import { documentVersion, parseDocumentId, relabelVersion, type VersionParams } from "@/lib/server/documents";
import { otherMethods, readJsonBody, route } from "@/lib/server/http";
import { limitWrites } from "@/lib/server/limits";

export const { POST, PUT, DELETE } = otherMethods("GET, PATCH");

/** One kept version with its content. */
export const GET = route<VersionParams>(async (_req, { params }) => {
  const ids = await params;
  const documentId = parseDocumentId(ids.id);
  const versionId = parseDocumentId(ids.versionId);
  const user = await requireUser();
  return Response.json({ version: await documentVersion({ ownerId: user.id, documentId, versionId }) });
});

/** Renames a kept version (`label`); an automatic one becomes named, so pruning keeps it. */
export const PATCH = route<VersionParams>(async (req, { params }) => {
  const ids = await params;
  const documentId = parseDocumentId(ids.id);
  const versionId = parseDocumentId(ids.versionId);
  const user = await requireUser(req);
  await limitWrites(user);
  const { label } = await readJsonBody(req, versionLabelSchema);
  return Response.json({ version: await relabelVersion({ ownerId: user.id, documentId, versionId, label }) });
});
