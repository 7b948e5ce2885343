import { requireUser } from "@/lib/server/auth/session";
import { documentVersions, parseDocumentId } from "@/lib/server/documents";
import { otherMethods, route, type IdParams } from "@/lib/server/http";

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");

/** The document's kept versions, newest first (without their content). */
export const GET = route<IdParams>(async (_req, { params }) => {
  const documentId = parseDocumentId((await params).id);
  const user = await requireUser();
  return Response.json({ versions: await documentVersions({ ownerId: user.id, documentId }) });
});
