import { describe, expect, it } from "vitest";
import { AttemptLimiter } from "@/lib/server/auth/attempt-limiter";
import { resolveClientAddress } from "@/lib/server/client-address";
import { hashPassword, verifyPassword } from "@/lib/server/auth/password";

describe("password hashing", () => {
  it("verifies the right password and refuses others", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts every hash, so equal passwords hash differently", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(a).not.toBe(b);
  });

  it("refuses malformed stored hashes instead of throwing", async () => {
    expect(await verifyPassword("x", "plain")).toBe(false);
    expect(await verifyPassword("x", "bcrypt$1$2$3$a$b")).toBe(false);
  });

  it("treats canonically equivalent Unicode passwords as the same", async () => {
    const hash = await hashPassword("caf\u00e9 au lait");
    expect(await verifyPassword("cafe\u0301 au lait", hash)).toBe(true);
  });
});

describe("AttemptLimiter", () => {
  it("allows up to the maximum within the window, then says how long to wait", () => {
    const limiter = new AttemptLimiter(60_000);
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter("k", 3, t + i)).toBe(0);
      limiter.record("k", t + i);
    }
    expect(limiter.retryAfter("k", 3, t + 10)).toBe(60);
    expect(limiter.retryAfter("k", 3, t + 30_000)).toBe(30);
    expect(limiter.retryAfter("other", 3, t + 10)).toBe(0);
  });

  it("forgets attempts older than the window and after a reset", () => {
    const limiter = new AttemptLimiter(1_000);
    limiter.record("k", 0);
    limiter.record("k", 500);
    expect(limiter.retryAfter("k", 2, 900)).toBeGreaterThan(0);
    expect(limiter.retryAfter("k", 2, 1_001)).toBe(0);
    limiter.record("k", 1_100);
    limiter.reset("k");
    expect(limiter.retryAfter("k", 2, 1_200)).toBe(0);
  });

  it("delays grow from the first wait, doubling with each further failure, never past the window", () => {
    const limiter = new AttemptLimiter(900_000);
    for (let i = 0; i < 4; i++) limiter.record("k", i);
    expect(limiter.delay("k", 5, 15_000, 10)).toBe(0);
    limiter.record("k", 100);
    expect(limiter.delay("k", 5, 15_000, 100)).toBe(15);
    limiter.record("k", 200);
    expect(limiter.delay("k", 5, 15_000, 200)).toBe(30);
    expect(limiter.delay("k", 5, 15_000, 200 + 30_000)).toBe(0);
    for (let i = 0; i < 10; i++) limiter.record("k", 300 + i);
    expect(limiter.delay("k", 5, 15_000, 310)).toBe(900);
  });
});

describe("client address", () => {
  const peer = "198.51.100.20";
  const resolve = (forwardedFor: string | null, trusted: Parameters<typeof resolveClientAddress>[1], from: string | undefined = peer) =>
    resolveClientAddress({ forwardedFor, peer: from }, trusted);

  it("is the connection's address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(resolve("203.0.113.9", { hops: 0 })).toBe(peer);
    expect(resolve("203.0.113.9, 10.0.0.1", { hops: 0 })).toBe(peer);
    expect(resolve(null, { hops: 0 }, "::ffff:127.0.0.1")).toBe("127.0.0.1");
  });

  it("takes the right-most address the trusted hops vouch for, not the client's own left-most claim", () => {
    expect(resolve("6.6.6.6, 203.0.113.9", { hops: 1 })).toBe("203.0.113.9");
    expect(resolve("6.6.6.6, 203.0.113.9, 10.0.0.2", { hops: 2 })).toBe("203.0.113.9");
    expect(resolve(null, { hops: 1 })).toBe(peer);
  });

  it("skips trusted ranges from the right and stops at the first untrusted address", () => {
    const trusted = { ranges: ["loopback", "private"] };
    expect(resolve("6.6.6.6, 203.0.113.9, 10.1.2.3", trusted, "127.0.0.1")).toBe("203.0.113.9");
    expect(resolve("6.6.6.6, 203.0.113.9", { ranges: ["198.51.100.0/24"] })).toBe("203.0.113.9");
    // A peer outside the trusted ranges is the client, and its header is ignored.
    expect(resolve("6.6.6.6", { ranges: ["10.0.0.0/8"] })).toBe(peer);
  });

  it("reads ports and brackets, and calls garbage unknown", () => {
    expect(resolve("[2001:db8::1]:443", { hops: 1 })).toBe("2001:db8::1");
    expect(resolve("203.0.113.9:5678", { hops: 1 })).toBe("203.0.113.9");
    expect(resolve("not-an-address", { hops: 1 })).toBe("unknown");
    expect(resolveClientAddress({ forwardedFor: "203.0.113.9", peer: undefined }, { hops: 0 })).toBe("unknown");
  });
});
