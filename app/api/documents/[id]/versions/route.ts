import { versionLabelSchema } from "@/lib/contracts/documents";
import { requireUser } from "@/lib/server/auth/session";
import { documentVersions, nameVersion, parseDocumentId } from "@/lib/server/documents";
import { otherMethods, readJsonBody, route, type IdParams } from "@/lib/server/http";
import { limitWrites } from "@/lib/server/limits";

export const { PUT, PATCH, DELETE } = otherMethods("GET, POST");

/** The document's kept versions, newest first (without their content). */
export const GET = route<IdParams>(async (_req, { params }) => {
  const documentId = parseDocumentId((await params).id);
  const user = await requireUser();
  return Response.json({ versions: await documentVersions({ ownerId: user.id, documentId }) });
});

/** "Name this version": keeps the document's current state as a named version (never pruned). */
export const POST = route<IdParams>(async (req, { params }) => {
  const documentId = parseDocumentId((await params).id);
  const user = await requireUser(req);
  await limitWrites(user);
  const { label } = await readJsonBody(req, versionLabelSchema);
  return Response.json({ version: await nameVersion({ ownerId: user.id, documentId, label }) }, { status: 201 });
});
