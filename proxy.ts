import { NextResponse, type NextRequest } from "next/server";
import { corsHeaders, preflightHeaders } from "@/lib/server/cors";

/** A client's own id is echoed when it is a sane token, so its logs and ours line up. */
const clientRequestId = /^[\w.:@/+=-]{1,128}$/;

/**
 * Runs before every route: gives each request an `X-Request-Id` (echoed when the client sent
 * one, passed to the handlers as a request header), and answers CORS for the developer API.
 */
export function proxy(request: NextRequest) {
  const sent = request.headers.get("x-request-id");
  const requestId = sent && clientRequestId.test(sent) ? sent : crypto.randomUUID();
  const isApiV1 = request.nextUrl.pathname.startsWith("/api/v1/");
  const origin = request.headers.get("origin");

  if (isApiV1 && request.method === "OPTIONS") {
    return new NextResponse(null, { status: 204, headers: { ...preflightHeaders(origin, request.headers.get("access-control-request-headers")), "X-Request-Id": requestId } });
  }

  const headers = new Headers(request.headers);
  headers.set("x-request-id", requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("X-Request-Id", requestId);
  if (isApiV1) for (const [name, value] of Object.entries(corsHeaders(origin))) response.headers.set(name, value);
  return response;
}

export const config = {
  // Static build assets carry no request of interest.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
