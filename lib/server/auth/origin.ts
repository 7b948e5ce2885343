import "server-only";
import { env } from "@/lib/server/env";

const hostPattern = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

const first = (value: string | null) => value?.split(",")[0]?.trim() || undefined;

/**
 * The origin sign-in and sign-out may send the browser to: AUTH_URL's when set, else the address
 * the request came to (its Host header, so a LAN address stays a LAN address). X-Forwarded-Host
 * counts only with AUTH_TRUST_HOST: anyone can send it, and a redirect built from it leaves the site.
 * `fallback` (the URL Next saw) serves when there is no usable host.
 */
export function requestOrigin(headers: Headers, fallback: string): string {
  if (env.AUTH_URL) return new URL(env.AUTH_URL).origin;
  const host = (env.AUTH_TRUST_HOST ? first(headers.get("x-forwarded-host")) : undefined) ?? headers.get("host") ?? "";
  if (!hostPattern.test(host)) return fallback;
  // The scheme can't point anywhere else, so the proxy's (or Next's own) X-Forwarded-Proto is taken as is.
  const protocol = first(headers.get("x-forwarded-proto")) === "https" ? "https" : "http";
  return new URL(`${protocol}://${host}`).origin;
}

/** Where Auth.js may redirect: `url` when it is a path or on `origin`, else `origin` itself. */
export function allowedRedirect(url: string, origin: string): string {
  if (url.startsWith("/") && !url.startsWith("//")) return `${origin}${url}`;
  try {
    if (new URL(url).origin === origin) return url;
  } catch {
    // Not a URL: the origin's front page.
  }
  return origin;
}
