import { continueRequestSchema } from "@/lib/contracts/conversations";
import { idSchema } from "@/lib/contracts/documents";
import { AppError } from "@/lib/errors";
import { requireUser } from "@/lib/server/auth/session";
import { continueAnswer } from "@/lib/server/chat";
import { otherMethods, readJsonBody, route } from "@/lib/server/http";

export const maxDuration = 300;
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

interface Params {
  params: Promise<{ id: string; messageId: string }>;
}

/** Continues an answer that was stopped mid-way; streams the rest as plain text. */
export const POST = route<Params>(async (req, { params }) => {
  const { id, messageId } = await params;
  if (!idSchema.safeParse(id).success) throw new AppError("not_found", "No conversation with this id.");
  const body = await readJsonBody(req, continueRequestSchema);
  const user = await requireUser();
  return continueAnswer({ user, route: "/api/conversations/continue" }, { conversationId: id, messageId, ...body }, req.signal);
});
