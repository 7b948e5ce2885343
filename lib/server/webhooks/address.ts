import "server-only";
import { promises as dns } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { env } from "@/lib/server/env";

/**
 * SSRF rules for webhook URLs. A URL may only reach public unicast addresses: its host is
 * resolved (every A and AAAA record) and refused if ANY address is loopback, private,
 * link-local, unique-local, unspecified, multicast, reserved, carrier-grade NAT, or an IPv6
 * form that embeds one of those (IPv4-mapped, 6to4, NAT64…) — unless the operator sets
 * WEBHOOK_ALLOW_PRIVATE=true. The check runs when a URL is given and again before every
 * delivery, and the connection is then pinned to the checked address (see send.ts), so a
 * DNS answer that changes in between (rebinding) can't redirect a delivery.
 */

type AddressVerdict = { allowed: true } | { allowed: false; range: string };

/** A normalized IP address (IPv4-mapped IPv6 as plain IPv4) and whether webhooks may reach it. */
export function classifyAddress(address: string): AddressVerdict & { address: string } {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return { allowed: false, range: "invalid", address };
  }
  // ipaddr.js calls the deprecated IPv4-compatible form (::a.b.c.d, ::/96) unicast; some hosts
  // still route it to the embedded IPv4 address, so it is refused like the other embeddings.
  const ipv4Compatible = parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0);
  const range = ipv4Compatible && parsed.range() === "unicast" ? "ipv4Compatible" : parsed.range();
  const normalized = parsed.toString();
  return range === "unicast" ? { allowed: true, address: normalized } : { allowed: false, range, address: normalized };
}

const rangeNames: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private address",
  linkLocal: "a link-local address",
  uniqueLocal: "a unique-local (private) address",
  unspecified: "the unspecified address",
  multicast: "a multicast address",
  broadcast: "a broadcast address",
  carrierGradeNat: "a carrier-grade NAT (shared) address",
  reserved: "a reserved address",
  ipv4Mapped: "an IPv4-mapped address",
  ipv4Compatible: "an IPv4-compatible address",
  rfc6145: "an IPv4-translated address",
  rfc6052: "an IPv4-embedded (NAT64) address",
  "6to4": "a 6to4 address",
  teredo: "a Teredo address",
  benchmarking: "a benchmarking address",
  amt: "an AMT address",
  as112: "an AS112 address",
  deprecated: "a deprecated address",
  orchid2: "an ORCHIDv2 address",
  droneRemoteIdProtocolEntityTags: "a reserved address",
};

/** Why a URL was refused; `message` is safe to show (no stack, no internals). */
export class WebhookAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookAddressError";
  }
}

export interface CheckedTarget {
  url: URL;
  /** The host as connected to (brackets removed from IPv6 literals). */
  hostname: string;
  /** The address the connection must use: every resolved address was checked, this is the first. */
  address: string;
  family: 4 | 6;
}

/** The URL's host without IPv6 brackets; WHATWG URL already turns `2130706433` and `0x7f.1` into dotted IPv4. */
function bareHost(url: URL): string {
  return url.hostname.startsWith("[") && url.hostname.endsWith("]") ? url.hostname.slice(1, -1) : url.hostname;
}

const isLocalhostName = (hostname: string) => /(^|\.)localhost\.?$/i.test(hostname);

/** A lookup that takes longer fails the check: the whole attempt must end well inside its claim. */
const DNS_TIMEOUT_MS = 5_000;

async function resolveAll(hostname: string): Promise<string[]> {
  return Promise.race([
    resolveAllUnbounded(hostname),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("DNS lookup timed out")), DNS_TIMEOUT_MS).unref()),
  ]);
}

async function resolveAllUnbounded(hostname: string): Promise<string[]> {
  const servers = env.WEBHOOK_DNS_SERVERS;
  if (servers.length) {
    const resolver = new dns.Resolver({ timeout: 2_000, tries: 2 });
    resolver.setServers(servers);
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]);
    const addresses = [...(v4.status === "fulfilled" ? v4.value : []), ...(v6.status === "fulfilled" ? v6.value : [])];
    if (addresses.length === 0) {
      const reason = v4.status === "rejected" ? v4.reason : v6.status === "rejected" ? v6.reason : undefined;
      throw reason ?? new Error("no addresses");
    }
    return addresses;
  }
  const results = await dns.lookup(hostname, { all: true, verbatim: true });
  return results.map((r) => r.address);
}

const privateHint = "webhooks can't reach private networks unless the operator sets WEBHOOK_ALLOW_PRIVATE=true";

/**
 * Parses and resolves a webhook URL and checks every address it resolves to. Throws
 * WebhookAddressError saying why a URL is refused (or doesn't resolve).
 */
export async function checkWebhookTarget(raw: string, { field = "webhook_url" }: { field?: string } = {}): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookAddressError(`${field} is not a valid URL.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new WebhookAddressError(`${field} must be an http or https URL.`);
  if (url.username || url.password) throw new WebhookAddressError(`${field} must not contain credentials.`);
  const hostname = bareHost(url);
  let addresses: string[];
  if (isIP(hostname)) {
    addresses = [hostname];
  } else if (isLocalhostName(hostname)) {
    // RFC 6761: localhost names are loopback whatever a DNS server says.
    addresses = ["127.0.0.1", "::1"];
  } else {
    try {
      addresses = await resolveAll(hostname);
    } catch {
      throw new WebhookAddressError(`${field}'s host ${hostname} could not be resolved (DNS lookup failed).`);
    }
  }
  const verdicts = addresses.map(classifyAddress);
  if (!env.WEBHOOK_ALLOW_PRIVATE) {
    const refused = verdicts.find((v) => !v.allowed);
    if (refused && !refused.allowed) {
      const what = rangeNames[refused.range] ?? `a non-public address (${refused.range})`;
      const subject = isIP(hostname) ? `${field} points to ${refused.address}` : `${field} resolves to ${refused.address}`;
      throw new WebhookAddressError(`${subject}, ${what}; ${privateHint}.`);
    }
  }
  const first = verdicts[0]!;
  return { url, hostname, address: first.address, family: isIP(first.address) === 6 ? 6 : 4 };
}
