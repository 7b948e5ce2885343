import { createDocumentSchema, listDocumentsQuerySchema } from "@/lib/contracts/documents";
import { limits } from "@/lib/contracts/limits";
import { requireUser } from "@/lib/server/auth/session";
import { createDocument, searchDocuments } from "@/lib/server/documents";
import { otherMethods, readJson, route, validate } from "@/lib/server/http";
import { limitWrites } from "@/lib/server/limits";

export const { PUT, PATCH, DELETE } = otherMethods("GET, POST");

/** The caller's live documents, or the trash (`?trash=true`), newest change first; `q` searches title and text. */
export const GET = route(async (req) => {
  const query = validate(listDocumentsQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  const user = await requireUser(req);
  return Response.json({ documents: await searchDocuments({ ownerId: user.id, ...query }) });
});

export const POST = route(async (req) => {
  const user = await requireUser(req);
  await limitWrites(user);
  const input = validate(createDocumentSchema, await readJson(req, limits.documentBodyBytes));
  return Response.json({ document: await createDocument({ ownerId: user.id, input }) }, { status: 201 });
});
