import { writeRequestSchema } from "@/lib/contracts/write";
import { requireUser } from "@/lib/server/auth/session";
import { otherMethods, readJsonBody, route } from "@/lib/server/http";
import { streamWriting } from "@/lib/server/write";

export const maxDuration = 300;
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** Writing actions on a selection; answers a plain text stream. */
export const POST = route(async (req) => {
  const body = await readJsonBody(req, writeRequestSchema);
  const user = await requireUser();
  return streamWriting({ user, route: "/api/write", documentId: body.document_id }, body, req.signal);
});
