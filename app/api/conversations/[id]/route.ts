import { renameConversationSchema } from "@/lib/contracts/conversations";
import { AppError } from "@/lib/errors";
import { requireUser } from "@/lib/server/auth/session";
import { conversationJson, conversationSummaryJson, ownConversation } from "@/lib/server/conversations";
import { deleteConversation, renameConversation } from "@/lib/server/db/queries/conversations";
import { parseId, readJsonBody, route, type IdParams } from "@/lib/server/http";
import { limitWrites } from "@/lib/server/limits";

const notFound = () => new AppError("not_found", "No conversation with this id.");

const conversationId = async ({ params }: IdParams) => parseId((await params).id, notFound);

export const GET = route<IdParams>(async (_req, context) => {
  const id = await conversationId(context);
  const user = await requireUser();
  return Response.json({ conversation: await conversationJson(user, await ownConversation(user, id)) });
});

export const PATCH = route<IdParams>(async (req, context) => {
  const id = await conversationId(context);
  const user = await requireUser(req);
  await limitWrites(user);
  const body = await readJsonBody(req, renameConversationSchema);
  const row = await renameConversation({ ownerId: user.id, conversationId: id, title: body.title });
  if (!row) throw notFound();
  return Response.json({ conversation: conversationSummaryJson(row) });
});

export const DELETE = route<IdParams>(async (_req, context) => {
  const id = await conversationId(context);
  const user = await requireUser();
  await limitWrites(user);
  if (!(await deleteConversation({ ownerId: user.id, conversationId: id }))) throw notFound();
  return new Response(null, { status: 204 });
});
