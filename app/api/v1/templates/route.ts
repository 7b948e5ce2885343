import { templateList } from "@/lib/contracts/templates";
import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, route, routeOf } from "@/lib/server/http";
import { withRequestLimits } from "@/lib/server/limits";

export const { OPTIONS, POST, PUT, PATCH, DELETE } = otherMethods("GET");

/** The writing templates and the JSON Schema of each one's inputs. */
export const GET = route(async (req) => {
  const principal = await authenticate(req, { session: false });
  const caller = { ...principal, route: routeOf(req) };
  return withRequestLimits(caller, async () => Response.json({ data: templateList() }));
});
