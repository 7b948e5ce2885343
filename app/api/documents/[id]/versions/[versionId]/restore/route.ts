import { restoreVersionSchema } from "@/lib/contracts/documents";
import { requireUser } from "@/lib/server/auth/session";
import { parseDocumentId, restoreDocumentVersion, type VersionParams } from "@/lib/server/documents";
import { otherMethods, readJsonBody, route } from "@/lib/server/http";
import { limitWrites } from "@/lib/server/limits";

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/**
 * The version's content (and its title with `restore_title`) becomes the next version; `base_version`
 * guards against overwriting newer edits.
 */
export const POST = route<VersionParams>(async (req, { params }) => {
  const ids = await params;
  const documentId = parseDocumentId(ids.id);
  const versionId = parseDocumentId(ids.versionId);
  const user = await requireUser(req);
  await limitWrites(user);
  const body = await readJsonBody(req, restoreVersionSchema);
  const document = await restoreDocumentVersion({
    ownerId: user.id,
    documentId,
    versionId,
    baseVersion: body.base_version,
    restoreTitle: body.restore_title,
  });
  return Response.json({ document });
});
