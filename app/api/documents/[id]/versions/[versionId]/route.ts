import { requireUser } from "@/lib/server/auth/session";
import { documentVersion, parseDocumentId, type VersionParams } from "@/lib/server/documents";
import { otherMethods, route } from "@/lib/server/http";

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");

/** One kept version with its content. */
export const GET = route<VersionParams>(async (_req, { params }) => {
  const ids = await params;
  const documentId = parseDocumentId(ids.id);
  const versionId = parseDocumentId(ids.versionId);
  const user = await requireUser();
  return Response.json({ version: await documentVersion({ ownerId: user.id, documentId, versionId }) });
});
