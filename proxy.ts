import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { isCrossOriginWrite, needsNonce, securityHeaders } from "@/lib/server/security";

/** A client's own id is echoed when it is a sane token, so its logs and ours line up. */
const clientRequestId = /^[\w.:@/+=-]{1,128}$/;

/**
 * Runs before every page: gives each request an `X-Request-Id` (echoed when the client sent
 * one, passed to the page as a request header), refuses cross-site writes that ride the session
 * cookie (server actions) and sets the security headers, with a fresh CSP nonce for each page.
 * API routes do the same in lib/server/http.ts: Next holds a proxied request until its whole
 * body has arrived, and an API caller must be authenticated before its body is read.
 */
export function proxy(request: NextRequest) {
  const sent = request.headers.get("x-request-id");
  const requestId = sent && clientRequestId.test(sent) ? sent : crypto.randomUUID();
  const { pathname } = request.nextUrl;
  const https = request.nextUrl.protocol === "https:";
  const nonce = needsNonce(pathname) ? btoa(crypto.randomUUID()) : undefined;
  const security = securityHeaders({ pathname, nonce, https });

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
  return response;
}

export const config = {
  // Static build assets carry no request of interest; API routes are handled in lib/server/http.ts.
  matcher: ["/((?!api/|_next/static|_next/image).*)"],
};
