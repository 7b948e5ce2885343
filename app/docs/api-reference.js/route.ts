import { otherMethods, route } from "@/lib/server/http";
import { scalarBundle } from "../scalar-bundle";

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");

/**
 * The reference's script. Asked for with the current hash (`?v=`), it is immutable; otherwise
 * it is revalidated by ETag, so an old page never keeps a mismatched script.
 */
export const GET = route(async (req) => {
  const bundle = await scalarBundle();
  const etag = `"${bundle.hash}"`;
  const current = new URL(req.url).searchParams.get("v") === bundle.hash;
  const headers: Record<string, string> = {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": current ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate",
    ETag: etag,
    "X-Content-Type-Options": "nosniff",
  };
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(bundle.script, { headers });
});
