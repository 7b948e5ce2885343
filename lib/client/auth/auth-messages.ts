import { authErrorCodes, type AuthErrorCode } from "@/lib/contracts/account";

const messages: Record<AuthErrorCode, string> = {
  invalid_credentials: "The email or password is not correct.",
  email_taken: "An account with this email already exists. Sign in instead.",
  rate_limited: "Too many attempts. Please wait a few minutes, then try again.",
  invalid_request: "Some fields are not valid. Check them and try again.",
};

const fallback = "Could not sign you in. Please try again.";

const isAuthErrorCode = (code: string | undefined): code is AuthErrorCode =>
  (authErrorCodes as readonly string[]).includes(code ?? "");

/** What to tell the person for a code from Auth.js (`code` of signIn(), or `?code=`). */
export function authErrorMessage(code: string | undefined): string {
  return isAuthErrorCode(code) ? messages[code] : fallback;
}

/**
 * The message for `/sign-in?error=…&code=…`: where Auth.js sends a failed OAuth sign-in, and
 * where a refused guest session lands (`?code=rate_limited`).
 */
export function signInPageNotice(error: string | undefined, code: string | undefined): string | undefined {
  if (error === "OAuthAccountNotLinked") {
    return "This email already belongs to an account with a password. Sign in with your email and password.";
  }
  if (code) return authErrorMessage(code);
  return error ? fallback : undefined;
}
