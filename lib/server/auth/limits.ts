import "server-only";
import { env } from "@/lib/server/env";
import { AttemptLimiter } from "./attempt-limiter";

const key = Symbol.for("draftwise.auth-limits");
type Holder = { [key]?: { accounts: AttemptLimiter; ips: AttemptLimiter; guests: AttemptLimiter } };

function limiters() {
  const holder = globalThis as Holder;
  const windowMs = env.AUTH_FAILURE_WINDOW_SECONDS * 1000;
  holder[key] ??= {
    accounts: new AttemptLimiter(env.AUTH_MAX_FAILURES_PER_ACCOUNT, windowMs),
    ips: new AttemptLimiter(env.AUTH_MAX_FAILURES_PER_IP, windowMs),
    guests: new AttemptLimiter(env.GUESTS_PER_IP_PER_HOUR, 3_600_000),
  };
  return holder[key];
}

/**
 * The caller's address as the proxy in front reports it. Next's own server sets
 * X-Forwarded-For; behind nginx or Vercel the first entry is the client.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || "unknown";
}

/** Seconds to wait before the next sign-in attempt for this address or account; 0 when allowed. */
export function signInRetryAfter({ ip, email }: { ip: string; email?: string }): number {
  const { accounts, ips } = limiters();
  return Math.max(ips.retryAfter(ip), email ? accounts.retryAfter(email) : 0);
}

export function recordSignInFailure({ ip, email }: { ip: string; email?: string }): void {
  const { accounts, ips } = limiters();
  ips.record(ip);
  if (email) accounts.record(email);
}

export function clearSignInFailures({ email }: { email: string }): void {
  limiters().accounts.reset(email);
}

/** Guest accounts are free to make, so their creation is capped per address. */
export function takeGuestSlot({ ip }: { ip: string }): number {
  const { guests } = limiters();
  const wait = guests.retryAfter(ip);
  if (wait === 0) guests.record(ip);
  return wait;
}
