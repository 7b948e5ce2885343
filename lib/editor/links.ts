import { safeLink } from "@/lib/links";

/** Has a scheme ("https:", "javascript:", "ftp:"): then that scheme decides. */
const SCHEME = /^[a-z][a-z\d+.-]*:/i;
const EMAIL = /^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/;
/** A bare host with a dot ("example.com/page"), not an IP address: read as an https address. */
const BARE_HOST = /^(?![\d.]+(?:[/?#:]|$))[\p{L}\d-]+(?:\.[\p{L}\d-]+)+(?:[/?#:]\S*)?$/u;

/**
 * The address a link the writer typed or pasted should get, or undefined when it isn't one the
 * document may hold. Only web and mail links leave the page (http, https, mailto: the same rule as
 * the server's, lib/links.ts); a bare "example.com" becomes https, a bare address becomes mailto.
 */
export function linkTarget(input: string): string | undefined {
  const text = input.trim();
  if (text === "") return undefined;
  if (SCHEME.test(text) || text.startsWith("/") || text.startsWith("#")) return safeLink(text);
  if (EMAIL.test(text)) return safeLink(`mailto:${text}`);
  if (BARE_HOST.test(text)) return safeLink(`https://${text}`);
  return undefined;
}
