/**
 * The one rule for links from model output and documents: web and mail links, in-page anchors
 * and paths on this site. `//host` and `/\host` are off-site to a browser, and it drops tabs and
 * newlines inside a URL ("/\t/host" is "//host"), so whitespace and control characters fail the
 * link outright. Returns the link to use, or undefined.
 */
export function safeLink(href: unknown): string | undefined {
  if (typeof href !== "string") return undefined;
  const link = href.trim();
  if (link === "" || /[\p{Cc}\p{Cf}]/u.test(link)) return undefined;
  if (link.startsWith("#")) return link;
  if (link.startsWith("/")) return /^\/[/\\]/.test(link) ? undefined : link;
  return /^(https?|mailto):/i.test(link) ? link : undefined;
}
