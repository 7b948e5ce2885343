import { NextResponse, type NextRequest } from "next/server";

/** A client's own id is echoed when it is a sane token, so its logs and ours line up. */
const clientRequestId = /^[\w.:@/+=-]{1,128}$/;

/**
 * Runs before every page: gives each request an `X-Request-Id` (echoed when the client sent
 * one, passed to the page as a request header). API routes do this in lib/server/http.ts:
 * Next holds a proxied request until its whole body has arrived, and an API caller must be
 * authenticated before its body is read.
 */
export function proxy(request: NextRequest) {
  const sent = request.headers.get("x-request-id");
  const requestId = sent && clientRequestId.test(sent) ? sent : crypto.randomUUID();
  const headers = new Headers(request.headers);
  headers.set("x-request-id", requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("X-Request-Id", requestId);
  return response;
}

export const config = {
  // Static build assets carry no request of interest; API routes are handled in lib/server/http.ts.
  matcher: ["/((?!api/|_next/static|_next/image).*)"],
};
