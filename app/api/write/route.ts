import { writeRequestSchema } from "@/lib/contracts/write";
import { otherMethods, readJsonBody, route } from "@/lib/server/http";
import { streamWriting } from "@/lib/server/write";

export const maxDuration = 300;
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** Writing actions on a selection; answers a plain text stream. */
export const POST = route(async (req) => {
  const body = await readJsonBody(req, writeRequestSchema);
  return streamWriting(body, req.signal);
});
