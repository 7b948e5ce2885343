import { describe, expect, it } from "vitest";
import { AttemptLimiter } from "@/lib/server/auth/attempt-limiter";
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
    const limiter = new AttemptLimiter(3, 60_000);
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter("k", t + i)).toBe(0);
      limiter.record("k", t + i);
    }
    expect(limiter.retryAfter("k", t + 10)).toBe(60);
    expect(limiter.retryAfter("k", t + 30_000)).toBe(30);
    expect(limiter.retryAfter("other", t + 10)).toBe(0);
  });

  it("forgets attempts older than the window and after a reset", () => {
    const limiter = new AttemptLimiter(2, 1_000);
    limiter.record("k", 0);
    limiter.record("k", 500);
    expect(limiter.retryAfter("k", 900)).toBeGreaterThan(0);
    expect(limiter.retryAfter("k", 1_001)).toBe(0);
    limiter.record("k", 1_100);
    limiter.reset("k");
    expect(limiter.retryAfter("k", 1_200)).toBe(0);
  });
});
