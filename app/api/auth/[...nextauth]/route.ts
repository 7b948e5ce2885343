import { NextRequest } from "next/server";
import { handlers } from "@/lib/server/auth/config";
import { clientIp, signInRetryAfter } from "@/lib/server/auth/limits";
import { requestOrigin } from "@/lib/server/auth/origin";

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

/**
 * Auth.js answers a refused sign-in with a redirect; a locked-out caller gets a real 429
 * instead, with Retry-After, before the password is even checked. The body keeps the `url`
 * that next-auth/react's signIn() reads, so the form can show the code.
 */
export async function POST(req: NextRequest): Promise<Response> {
  if (req.nextUrl.pathname.endsWith("/callback/credentials")) {
    const form = await req.clone().formData().catch(() => undefined);
    const email = form?.get("email");
    const retryAfter = signInRetryAfter({
      ip: clientIp(req.headers),
      email: typeof email === "string" ? email.trim().toLowerCase() : undefined,
    });
    if (retryAfter > 0) {
      const url = new URL(`/sign-in?error=CredentialsSignin&code=rate_limited`, req.nextUrl.origin);
      return Response.json(
        {
          url: url.toString(),
          error: {
            code: "rate_limited",
            message: `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
          },
        },
        { status: 429, headers: { "Retry-After": String(retryAfter), "Cache-Control": "no-store" } },
      );
    }
  }
  return handlers.POST(atRequestOrigin(req));
}
