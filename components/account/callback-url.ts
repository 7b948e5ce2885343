/**
 * Where to go after signing in: a same-site path only (an open redirect would be a phishing
 * tool), never back to the auth pages themselves; anything else goes to the studio.
 */
export function safeCallbackPath(value: string | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || value.startsWith("/api/")) return "/";
  const path = value.split(/[?#]/)[0];
  return path === "/sign-in" || path === "/sign-up" ? "/" : value;
}

/** `?callbackUrl=` for a link between the sign-in and sign-up pages, empty when it is the default. */
export function callbackQuery(callbackUrl: string): string {
  return callbackUrl === "/" ? "" : `?callbackUrl=${encodeURIComponent(callbackUrl)}`;
}
