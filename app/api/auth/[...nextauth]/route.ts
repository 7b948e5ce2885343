import { NextRequest } from "next/server";
import { handlers } from "@/lib/server/auth/config";
import { signInWaitMessage } from "@/lib/contracts/account";
import { clientIp, knownDeviceCookie, knownDeviceToken, signInWait } from "@/lib/server/auth/limits";
import { requestOrigin } from "@/lib/server/auth/origin";
import { errorResponse } from "@/lib/server/http";
import { isCrossOriginWrite } from "@/lib/server/security";
import { AppError } from "@/lib/errors";

/**
 * Next hands route handlers the address it listens on (http://localhost:3000), not the one the
 * browser used: Auth.js sees the request's own origin instead (see requestOrigin), so what it
 * builds from it (OAuth callback URLs, its own redirects) points where the person is.
 */
function atRequestOrigin(req: NextRequest): NextRequest {
  const origin = requestOrigin(req.headers, req.nextUrl.origin);
  return origin === req.nextUrl.origin ? req : new NextRequest(origin + req.nextUrl.pathname + req.nextUrl.search, req);
}

export const GET = (req: NextRequest) => handlers.GET(atRequestOrigin(req));

const yearSeconds = 365 * 24 * 60 * 60;

/**
 * Auth.js answers a refused sign-in with a redirect; a caller who must wait gets a real 429
 * instead, with Retry-After and a message saying why, before the password is even checked. The
 * body keeps the `url` that next-auth/react's signIn() reads, so the form can show the code.
 * A successful password sign-in marks the browser as a known device of that account, which
 * other people's failed guesses never slow down.
 */
export async function POST(req: NextRequest): Promise<Response> {
  // Sign-out and sign-in from another site (login/logout CSRF): refused as every cookie-riding write is.
  if (isCrossOriginWrite({ method: req.method, url: req.nextUrl, headers: req.headers })) return errorResponse(new AppError("cross_origin_request"));
  if (!req.nextUrl.pathname.endsWith("/callback/credentials")) return handlers.POST(atRequestOrigin(req));
  const form = await req.clone().formData().catch(() => undefined);
  const raw = form?.get("email");
  const email = typeof raw === "string" ? raw.trim().toLowerCase() : undefined;
  const wait = signInWait({ ip: clientIp(req.headers), email, cookies: req.headers.get("cookie") });
  if (wait) {
    // next-auth/react's signIn() passes on only `error` and `code` of `url`: the wait and its reason ride in `error`.
    const url = new URL(`/sign-in?error=rate_limited:${wait.reason}:${wait.retryAfter}&code=rate_limited`, req.nextUrl.origin);
    return Response.json(
      { url: url.toString(), error: { code: "rate_limited", message: signInWaitMessage(wait), retry_after: wait.retryAfter } },
      { status: 429, headers: { "Retry-After": String(wait.retryAfter), "Cache-Control": "no-store" } },
    );
  }
  const response = await handlers.POST(atRequestOrigin(req));
  const signedIn = response.headers.getSetCookie().some((c) => /session-token=[^;]+/.test(c));
  if (signedIn && email) {
    const secure = req.nextUrl.protocol === "https:" ? "; Secure" : "";
    response.headers.append("Set-Cookie", `${knownDeviceCookie}=${knownDeviceToken(email)}; Path=/api/auth; Max-Age=${yearSeconds}; HttpOnly; SameSite=Lax${secure}`);
  }
  return response;
}
