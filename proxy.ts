import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { corsHeaders, preflightHeaders } from "@/lib/server/cors";
import { isCrossOriginWrite, needsNonce, securityHeaders } from "@/lib/server/security";

/** A client's own id is echoed when it is a sane token, so its logs and ours line up. */
const clientRequestId = /^[\w.:@/+=-]{1,128}$/;

/**
 * Runs before every route: gives each request an `X-Request-Id` (echoed when the client sent
 * one, passed to the handlers as a request header), refuses cross-site writes that ride the
 * session cookie, sets the security headers (a fresh CSP nonce for each page) and answers CORS
 * for the developer API.
 */
export function proxy(request: NextRequest) {
  const sent = request.headers.get("x-request-id");
  const requestId = sent && clientRequestId.test(sent) ? sent : crypto.randomUUID();
  const { pathname } = request.nextUrl;
  const isApiV1 = pathname.startsWith("/api/v1/");
  const origin = request.headers.get("origin");
  const https = request.nextUrl.protocol === "https:";
  const nonce = needsNonce(pathname) ? btoa(crypto.randomUUID()) : undefined;
  const security = securityHeaders({ pathname, nonce, https });

  if (isApiV1 && request.method === "OPTIONS") {
    return new NextResponse(null, { status: 204, headers: { ...preflightHeaders(origin, request.headers.get("access-control-request-headers")), ...security, "X-Request-Id": requestId } });
  }

  if (isCrossOriginWrite({ method: request.method, url: request.nextUrl, headers: request.headers })) {
    const error = new AppError("cross_origin_request");
    return NextResponse.json(error.toJSON(), { status: error.status, headers: { ...security, "X-Request-Id": requestId } });
  }

  const headers = new Headers(request.headers);
  headers.set("x-request-id", requestId);
  headers.delete("x-nonce");
  if (nonce) {
    // Next reads the nonce from the request's CSP for its own scripts; the layout reads x-nonce.
    headers.set("x-nonce", nonce);
    headers.set("content-security-policy", security["Content-Security-Policy"]!);
  }
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("X-Request-Id", requestId);
  for (const [name, value] of Object.entries(security)) response.headers.set(name, value);
  if (isApiV1) for (const [name, value] of Object.entries(corsHeaders(origin))) response.headers.set(name, value);
  return response;
}

export const config = {
  // Static build assets carry no request of interest.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
