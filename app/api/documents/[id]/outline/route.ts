import { saveOutlineSchema } from "@/lib/contracts/document-outline";
import { limits } from "@/lib/contracts/limits";
import { requireUser } from "@/lib/server/auth/session";
import { parseDocumentId, saveOutline } from "@/lib/server/documents";
import { otherMethods, readJson, route, validate, type IdParams } from "@/lib/server/http";
import { limitWrites } from "@/lib/server/limits";

export const { GET, POST, PATCH, DELETE } = otherMethods("PUT");

/** Replaces the document's outline (null removes it); the text and its version stay as they are. */
export const PUT = route<IdParams>(async (req, { params }) => {
  const documentId = parseDocumentId((await params).id);
  const user = await requireUser(req);
  await limitWrites(user);
  const { outline } = validate(saveOutlineSchema, await readJson(req, limits.outlineBodyBytes));
  return Response.json({ outline: await saveOutline({ ownerId: user.id, documentId, outline }) });
});
