import "server-only";
import { env } from "@/lib/server/env";

/** A page policy: scripts as `scriptSrc` says, inline styles allowed, everything else from here only, never framed. */
function pagePolicyWith(scriptSrc: string): string {
  return [
    "default-src 'self'",
    `script-src ${scriptSrc}`,
    // React and the editor set style attributes (Scalar injects styles), and a style can't run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The pages' policy: scripts only with this response's nonce (Next puts it on its own scripts;
 * 'strict-dynamic' lets them load their chunks). React rebuilds server error stacks with eval
 * in development only.
 */
function pagePolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  return pagePolicyWith(`'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`);
}

/** `/docs`: Scalar's one script from this origin. */
const docsPolicy = pagePolicyWith("'self'");

/** API answers are data: nothing in them may load or run, or be framed. */
const apiPolicy = "default-src 'none'; frame-ancestors 'none'";

const isDocs = (pathname: string) => pathname === "/docs" || pathname.startsWith("/docs/");

/**
 * The headers every answer carries. `nonce` is set for pages (their CSP allows scripts with
 * it); HSTS only goes out over https, where a browser heeds it.
 */
export function securityHeaders(input: { pathname: string; nonce?: string; https: boolean }): Record<string, string> {
  const { pathname, nonce, https } = input;
  const policy = pathname.startsWith("/api/") ? apiPolicy : isDocs(pathname) ? docsPolicy : pagePolicy(nonce ?? "");
  return {
    "Content-Security-Policy": policy,
    // For browsers that predate frame-ancestors.
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    ...(https ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
  };
}

/** Whether a page needs a nonce (everything but the API and the API reference renders through Next). */
export const needsNonce = (pathname: string) => !pathname.startsWith("/api/") && !isDocs(pathname);

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/**
 * Whether `origin` is this app: the URL Next serves the request at, the public AUTH_URL, or the
 * Host the browser sent (a page on another site can't make a browser send our Host with its Origin).
 */
function isOwnOrigin(origin: string, request: { url: URL; headers: Headers }): boolean {
  if (origin === request.url.origin) return true;
  if (env.AUTH_URL && origin === new URL(env.AUTH_URL).origin) return true;
  const host = request.headers.get("host");
  return host !== null && hostOf(origin) === host;
}

/**
 * A forged cross-site write: it changes something, carries our cookies (so the session would
 * authenticate it) and the browser says another origin sent it. SameSite alone lets a sibling
 * subdomain through. API-key calls carry no cookie (CORS without credentials) and stay open to
 * any origin; with neither Sec-Fetch-Site nor Origin the request came from no browser page.
 */
export function isCrossOriginWrite(request: { method: string; url: URL; headers: Headers }): boolean {
  if (safeMethods.has(request.method)) return false;
  if (!request.headers.get("cookie")) return false;
  // Browsers set it and page scripts can't: "none" is the user's own navigation.
  const site = request.headers.get("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  const origin = request.headers.get("origin");
  return origin !== null && !isOwnOrigin(origin, request);
}
