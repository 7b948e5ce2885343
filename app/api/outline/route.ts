import { outlineRequestSchema } from "@/lib/contracts/outline";
import { otherMethods, readJsonBody, route } from "@/lib/server/http";
import { generateOutline, streamOutline } from "@/lib/server/outline";

export const maxDuration = 300;
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** An outline by structured output: streamed partial JSON, or the whole object for `Accept: application/json`. */
export const POST = route(async (req) => {
  const body = await readJsonBody(req, outlineRequestSchema);
  const wantsJson = (req.headers.get("accept") ?? "").includes("application/json");
  if (wantsJson) return Response.json(await generateOutline(body, req.signal));
  return streamOutline(body, req.signal);
});
