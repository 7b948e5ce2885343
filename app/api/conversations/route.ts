import { createConversationSchema } from "@/lib/contracts/conversations";
import { requireUser } from "@/lib/server/auth/session";
import { checkDocumentId, conversationSummaryJson, documentNotFound, startConversation, untitledConversation } from "@/lib/server/conversations";
import { listConversations } from "@/lib/server/db/queries/conversations";
import { parseId, readJsonBody, route } from "@/lib/server/http";
import { limitWrites } from "@/lib/server/limits";

/** The caller's conversations about one document (`?document_id=`), or those about none. */
export const GET = route(async (req) => {
  const user = await requireUser(req);
  const raw = new URL(req.url).searchParams.get("document_id") ?? undefined;
  const documentId = raw === undefined ? undefined : parseId(raw, documentNotFound);
  await checkDocumentId(user, documentId);
  const rows = await listConversations({ ownerId: user.id, documentId });
  return Response.json({ conversations: rows.map(conversationSummaryJson) });
});

export const POST = route(async (req) => {
  const user = await requireUser(req);
  await limitWrites(user);
  const body = await readJsonBody(req, createConversationSchema);
  await checkDocumentId(user, body.document_id);
  const row = await startConversation({ user, documentId: body.document_id, title: body.title ?? untitledConversation });
  return Response.json({ conversation: conversationSummaryJson(row) }, { status: 201 });
});
