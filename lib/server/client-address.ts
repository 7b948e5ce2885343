import "server-only";
import ipaddr from "ipaddr.js";
import { env, type TrustedProxies } from "@/lib/server/env";
import { logger } from "@/lib/server/log";

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

/** Set by scripts/peer-address.mjs when the server was started with it: the header that names the socket's address. */
const peerHeaderKey = Symbol.for("draftwise.peerHeader");

const shorthands: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "fe80::/10"],
};

/** An address as written in X-Forwarded-For or by Node (`::ffff:1.2.3.4`, `[::1]:80`, `1.2.3.4:5678`), normalized. */
function parseAddress(raw: string): Address | undefined {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  if (!ipaddr.isValid(text)) return undefined;
  const address = ipaddr.parse(text);
  return address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

function compile(trusted: TrustedProxies): { hops: number } | { ranges: Range[] } {
  if ("hops" in trusted) return trusted;
  return { ranges: trusted.ranges.flatMap((r) => shorthands[r] ?? [r]).map((r) => ipaddr.parseCIDR(r.includes("/") ? r : `${r}/${r.includes(":") ? 128 : 32}`) as Range) };
}

function inRanges(address: Address, ranges: Range[]): boolean {
  return ranges.some(([base, bits]) => address.kind() === base.kind() && address.match(base, bits));
}

interface AddressSources {
  /** X-Forwarded-For as received (oldest hop first); only trusted proxies' entries are believed. */
  forwardedFor: string | null;
  /** The connection's own address; undefined when the server can't see it. */
  peer: string | undefined;
}

/**
 * The client's address: the chain of addresses a request passed (X-Forwarded-For, then the
 * connection's peer) walked from the right, skipping the proxies TRUSTED_PROXIES trusts (a hop
 * count, or address ranges). With none trusted it is the peer itself, whatever the headers say.
 * X-Real-IP and Forwarded are never read. "unknown" when no address can be told.
 */
export function resolveClientAddress({ forwardedFor, peer }: AddressSources, trusted: TrustedProxies): string {
  const chain = [...(forwardedFor ? forwardedFor.split(",") : []), peer ?? ""].map((s) => s.trim());
  const rule = compile(trusted);
  let index = chain.length - 1;
  if ("hops" in rule) index = Math.max(0, index - rule.hops);
  else {
    // Proxies append to the right: skip trusted ones until the first address none of them vouches for.
    while (index > 0) {
      const address = parseAddress(chain[index]!);
      if (!address || !inRanges(address, rule.ranges)) break;
      index--;
    }
  }
  const address = parseAddress(chain[index]!);
  return address ? address.toString() : "unknown";
}

let warned = false;

/**
 * The connection's address: from the preload's header, or on Vercel the platform edge (which
 * overwrites X-Forwarded-For with the client's address, so `TRUSTED_PROXIES=1` names it).
 * Without either the server can't see it, and the client counts as "unknown" unless a proxy vouches.
 */
function peerOf(headers: Headers): string | undefined {
  const header = (globalThis as Record<symbol, unknown>)[peerHeaderKey];
  if (typeof header === "string") return headers.get(header) ?? undefined;
  if (env.VERCEL) return "0.0.0.0";
  if (!warned) {
    warned = true;
    logger.warn("client addresses unknown: start the app with `npm start` or `npm run serve` (docs/operations.md#proxies-and-client-addresses)");
  }
  return undefined;
}

/** The caller's address, for per-address limits (sign-in failures, guest creation). */
export function clientIp(headers: Headers): string {
  return resolveClientAddress({ forwardedFor: headers.get("x-forwarded-for"), peer: peerOf(headers) }, env.TRUSTED_PROXIES);
}
