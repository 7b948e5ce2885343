import { requireUser } from "@/lib/server/auth/session";
import { parseDocumentId, restoreFromTrash } from "@/lib/server/documents";
import { otherMethods, route, type IdParams } from "@/lib/server/http";
import { limitWrites } from "@/lib/server/limits";

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** Takes the document out of the trash. */
export const POST = route<IdParams>(async (_req, { params }) => {
  const documentId = parseDocumentId((await params).id);
  const user = await requireUser();
  await limitWrites(user);
  return Response.json({ document: await restoreFromTrash({ ownerId: user.id, documentId }) });
});
