import { NextResponse, type NextRequest } from "next/server";
import { unstable_rethrow } from "next/navigation";
import { signIn } from "@/lib/server/auth/config";
import { requestOrigin } from "@/lib/server/auth/origin";
import { currentUser } from "@/lib/server/auth/session";

/** Only same-site paths: an open redirect here would be a phishing tool. */
function safePath(value: string | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/api/") ? value : "/";
}

/**
 * A first visit lands here (from a page without a session): it creates a guest account,
 * sets the session cookie and goes back, so a person can write at once. A revoked cookie
 * counts as none (else the page would send it straight back here).
 */
export async function GET(req: NextRequest) {
  const redirectTo = safePath(req.nextUrl.searchParams.get("redirect"));
  const origin = requestOrigin(req.headers, req.nextUrl.origin);
  if (await currentUser()) return NextResponse.redirect(new URL(redirectTo, origin));
  try {
    return await signIn("guest", { redirectTo });
  } catch (error) {
    // signIn() redirects by throwing; a refused guest (rate limit) goes to the sign-in page instead.
    unstable_rethrow(error);
    return NextResponse.redirect(new URL("/sign-in?code=rate_limited", origin));
  }
}
