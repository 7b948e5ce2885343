import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, route, routeOf } from "@/lib/server/http";
import { withRequestLimits } from "@/lib/server/limits";
import { getModel } from "@/lib/server/v1/models";

export const { OPTIONS, POST, PUT, PATCH, DELETE } = otherMethods("GET");

interface Params {
  params: Promise<{ id: string[] }>;
}

/** One model (what the OpenAI SDKs' `models.retrieve` calls). Ids may hold slashes ("org/model"). */
export const GET = route<Params>(async (req, { params }) => {
  const { id } = await params;
  const principal = await authenticate(req, { session: false });
  const caller = { ...principal, route: routeOf(req) };
  return withRequestLimits(caller, async () => Response.json(await getModel(id.map(decodeURIComponent).join("/"))));
});
