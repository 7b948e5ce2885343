import "server-only";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { SignInWaitReason } from "@/lib/contracts/account";
import { env } from "@/lib/server/env";
import { countAgainst } from "@/lib/server/limits";
import { AttemptLimiter } from "./attempt-limiter";
import { authSecret } from "./secret";

export { clientIp } from "@/lib/server/client-address";

const key = Symbol.for("draftwise.auth-limits");
type Holder = { [key]?: AttemptLimiter };

function failures(): AttemptLimiter {
  const holder = globalThis as Holder;
  holder[key] ??= new AttemptLimiter(env.AUTH_FAILURE_WINDOW_SECONDS * 1000);
  return holder[key];
}

/** The first wait once an address or device has used up its free failures on one account. */
const firstDelayMs = 15_000;
/** An account under attack from many addresses slows down unknown devices after this many times the per-device allowance. */
const accountWideFactor = 4;

/** A cookie that marks a browser that has signed in to an account before: its owner's device. */
export const knownDeviceCookie = "draftwise-known-device";

const emailDigest = (email: string) => createHash("sha256").update(email).digest("base64url").slice(0, 22);
const sign = (digest: string) => createHmac("sha256", authSecret()).update(`known-device:${digest}`).digest("base64url");

/** The cookie value that marks this browser as a known device of the account with `email`. */
export function knownDeviceToken(email: string): string {
  const digest = emailDigest(email);
  return `${digest}.${sign(digest)}`;
}

function isKnownDevice(cookies: string | null, email: string): boolean {
  const value = cookies?.split(/;\s*/).find((c) => c.startsWith(`${knownDeviceCookie}=`))?.slice(knownDeviceCookie.length + 1);
  const [digest, signature] = value?.split(".") ?? [];
  if (!digest || !signature || digest !== emailDigest(email)) return false;
  const expected = Buffer.from(sign(digest));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface SignInAttempt {
  ip: string;
  email?: string;
  /** The request's Cookie header: a known device of the account is never slowed by others' failures. */
  cookies?: string | null;
}

interface SignInWait {
  retryAfter: number;
  /** Whose failures caused the wait, for the message. */
  reason: SignInWaitReason;
}

/**
 * Failed sign-ins are counted per address, per account on one address or device, and per
 * account from everywhere. A guesser's address is refused after AUTH_MAX_FAILURES_PER_IP; one
 * address or device failing on an account waits 15 s, then twice as long after each further
 * failure; an account failing from many addresses slows every device but its owner's known ones.
 * Nobody can lock an owner out of their own account from elsewhere.
 */
export function signInWait({ ip, email, cookies }: SignInAttempt): SignInWait | undefined {
  const counts = failures();
  const known = email !== undefined && isKnownDevice(cookies ?? null, email);
  if (!known) {
    const wait = counts.retryAfter(`ip:${ip}`, env.AUTH_MAX_FAILURES_PER_IP);
    if (wait > 0) return { retryAfter: wait, reason: "address" };
  }
  if (email === undefined) return undefined;
  const device = counts.delay(pairKey(email, ip, known), env.AUTH_MAX_FAILURES_PER_ACCOUNT, firstDelayMs);
  if (device > 0) return { retryAfter: device, reason: "device" };
  if (known) return undefined;
  const account = counts.delay(`account:${email}`, env.AUTH_MAX_FAILURES_PER_ACCOUNT * accountWideFactor, firstDelayMs);
  return account > 0 ? { retryAfter: account, reason: "account" } : undefined;
}

const pairKey = (email: string, ip: string, known: boolean) => (known ? `device:${email}` : `pair:${email}|${ip}`);

export function recordSignInFailure({ ip, email, cookies }: SignInAttempt): void {
  const counts = failures();
  const known = email !== undefined && isKnownDevice(cookies ?? null, email);
  if (!known) counts.record(`ip:${ip}`);
  if (email === undefined) return;
  counts.record(pairKey(email, ip, known));
  if (!known) counts.record(`account:${email}`);
}

/** A successful sign-in forgets this address's or device's failures on the account (not others'). */
export function clearSignInFailures({ ip, email, cookies }: SignInAttempt & { email: string }): void {
  failures().reset(pairKey(email, ip, isKnownDevice(cookies ?? null, email)));
}

/**
 * Guest accounts are free to make, so their creation is capped per address and for the whole
 * server (shared by every instance through the limit store). Seconds to wait; 0 when granted.
 */
export function takeGuestSlot({ ip }: { ip: string }): Promise<number> {
  return countAgainst([
    { key: `guests:ip:${ip}`, limit: env.GUESTS_PER_IP_PER_HOUR, windowMs: 3_600_000 },
    { key: "guests:all", limit: env.GUESTS_PER_HOUR, windowMs: 3_600_000 },
  ]);
}
