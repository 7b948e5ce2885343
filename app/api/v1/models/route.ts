import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, route, routeOf } from "@/lib/server/http";
import { withRequestLimits } from "@/lib/server/limits";
import { listModels } from "@/lib/server/v1/models";

export const { OPTIONS, POST, PUT, PATCH, DELETE } = otherMethods("GET");

/** The configured models, in OpenAI's list format with Draftwise's details (one answer for both kinds of client). */
export const GET = route(async (req) => {
  const principal = await authenticate(req, { session: false });
  const caller = { ...principal, route: routeOf(req) };
  return withRequestLimits(caller, async () =>
    Response.json({ object: "list", data: await listModels() }),
  );
});
