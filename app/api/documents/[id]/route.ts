import { deleteDocumentQuerySchema, updateDocumentSchema } from "@/lib/contracts/documents";
import { limits } from "@/lib/contracts/limits";
import { requireUser } from "@/lib/server/auth/session";
import { deleteForever, discardIfUntouched, moveToTrash, openDocument, parseDocumentId, saveDocument } from "@/lib/server/documents";
import { otherMethods, readJson, route, validate, type IdParams } from "@/lib/server/http";
import { limitWrites } from "@/lib/server/limits";

export const { POST, PUT } = otherMethods("GET, PATCH, DELETE");

/** The document and the conversations about it. */
export const GET = route<IdParams>(async (_req, { params }) => {
  const documentId = parseDocumentId((await params).id);
  const user = await requireUser();
  return Response.json(await openDocument({ ownerId: user.id, documentId }));
});

/** A save based on `base_version`; a stale one answers 409 with the current document. */
export const PATCH = route<IdParams>(async (req, { params }) => {
  const documentId = parseDocumentId((await params).id);
  const user = await requireUser(req);
  await limitWrites(user);
  const input = validate(updateDocumentSchema, await readJson(req, limits.documentBodyBytes));
  return Response.json({ document: await saveDocument({ ownerId: user.id, documentId, input }) });
});

/**
 * Moves the document to the trash; `?permanent=true` deletes a trashed one forever;
 * `?if_untouched=true` deletes it only if it is a new document nobody edited (the studio, when left).
 */
export const DELETE = route<IdParams>(async (req, { params }) => {
  const documentId = parseDocumentId((await params).id);
  const { permanent, if_untouched } = validate(deleteDocumentQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  const user = await requireUser(req);
  await limitWrites(user);
  if (if_untouched) return Response.json(await discardIfUntouched({ ownerId: user.id, documentId }));
  if (!permanent) return Response.json({ document: await moveToTrash({ ownerId: user.id, documentId }) });
  await deleteForever({ ownerId: user.id, documentId });
  return new Response(null, { status: 204 });
});
