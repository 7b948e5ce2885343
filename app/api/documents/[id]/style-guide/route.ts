import { limits } from "@/lib/contracts/limits";
import { saveStyleGuideSchema } from "@/lib/contracts/style-guide";
import { requireUser } from "@/lib/server/auth/session";
import { parseDocumentId, saveDocumentStyleGuide } from "@/lib/server/documents";
import { otherMethods, readJson, route, validate, type IdParams } from "@/lib/server/http";
import { limitWrites } from "@/lib/server/limits";

export const { GET, POST, PATCH, DELETE } = otherMethods("PUT");

/** Sets the document's own style guide (`{}`: none at all; null: follow the account default); its version stays. */
export const PUT = route<IdParams>(async (req, { params }) => {
  const documentId = parseDocumentId((await params).id);
  const user = await requireUser(req);
  await limitWrites(user);
  const { style_guide } = validate(saveStyleGuideSchema, await readJson(req, limits.styleGuideBodyBytes));
  return Response.json({ style_guide: await saveDocumentStyleGuide({ ownerId: user.id, documentId, styleGuide: style_guide }) });
});
