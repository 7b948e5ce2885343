import { NextResponse, type NextRequest } from "next/server";
import { unstable_rethrow } from "next/navigation";
import { auth, signIn } from "@/lib/server/auth/config";

/** Only same-site paths: an open redirect here would be a phishing tool. */
function safePath(value: string | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/api/") ? value : "/";
}

/**
 * A first visit lands here (from a page without a session): it creates a guest account,
 * sets the session cookie and goes back, so a person can write at once.
 */
export async function GET(req: NextRequest) {
  const redirectTo = safePath(req.nextUrl.searchParams.get("redirect"));
  if (await auth()) return NextResponse.redirect(new URL(redirectTo, req.nextUrl.origin));
  try {
    return await signIn("guest", { redirectTo });
  } catch (error) {
    // signIn() redirects by throwing; a refused guest (rate limit) goes to the sign-in page instead.
    unstable_rethrow(error);
    return NextResponse.redirect(new URL("/sign-in?code=rate_limited", req.nextUrl.origin));
  }
}
