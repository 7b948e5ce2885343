import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startApp, type AppServer } from "../../fixtures/app-server";
import { expectError } from "../helpers";
import { Session, guestSession, registeredSession, signIn, uniqueEmail } from "../session";

// Issue 16, item 1: limits key on the client's real address, which a client can't choose.
// Ports 3600–3604 belong to this file. Guest counters key on addresses, not on ids unique to
// an instance's database, so these instances keep them in memory (REDIS_URL ""), where the
// other instances' guests (all from 127.0.0.1) can't fill them.

const forged = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}`;

/** Tries to make a guest; true when the server made one. */
async function guestMade(app: AppServer, headers: Record<string, string> = {}): Promise<boolean> {
  const session = new Session(app.url);
  await session.fetch("/api/auth/guest?redirect=/", { headers });
  return session.has(/session-token/);
}

describe("with no proxy trusted (the default)", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startApp(3600, { REDIS_URL: "", TRUSTED_PROXIES: "", GUESTS_PER_IP_PER_HOUR: "2", AUTH_MAX_FAILURES_PER_IP: "3" });
  });
  afterAll(() => app.stop());

  it("refuses unlimited guests to a client that forges a new X-Forwarded-For, X-Real-IP or Forwarded each time", async () => {
    expect(await guestMade(app, { "X-Forwarded-For": forged() })).toBe(true);
    expect(await guestMade(app, { "X-Real-IP": forged() })).toBe(true);
    expect(await guestMade(app, { "X-Forwarded-For": forged(), "X-Real-IP": forged(), Forwarded: `for=${forged()}` })).toBe(false);
    expect(await guestMade(app, { "X-Forwarded-For": `${forged()}, ${forged()}` })).toBe(false);
  });

  it("refuses a guesser who forges a new address for each failed sign-in", async () => {
    for (let i = 0; i < 3; i++) {
      const result = await signIn(new Session(app.url), { email: uniqueEmail(), password: "wrong" }, { "X-Forwarded-For": forged() });
      expect(result.code).toBe("invalid_credentials");
    }
    const blocked = await signIn(new Session(app.url), { email: uniqueEmail(), password: "wrong" }, { "X-Forwarded-For": forged() });
    expect(blocked).toMatchObject({ status: 429, code: "rate_limited" });
  });
});

describe("behind one trusted proxy (TRUSTED_PROXIES=1)", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startApp(3601, { REDIS_URL: "", TRUSTED_PROXIES: "1", GUESTS_PER_IP_PER_HOUR: "1" });
  });
  afterAll(() => app.stop());

  it("takes the address the proxy appended, not the left-most one the client wrote", async () => {
    const client = forged();
    expect(await guestMade(app, { "X-Forwarded-For": `${forged()}, ${client}` })).toBe(true);
    // The same client forging another left-most entry is still the same client.
    expect(await guestMade(app, { "X-Forwarded-For": `${forged()}, ${client}` })).toBe(false);
    // Another client, as the proxy reports it, has its own allowance.
    expect(await guestMade(app, { "X-Forwarded-For": `${client}, 198.51.100.${Math.floor(Math.random() * 250) + 1}` })).toBe(true);
  });
});

describe("the server-wide cap on guests", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startApp(3602, { REDIS_URL: "", TRUSTED_PROXIES: "loopback", GUESTS_PER_HOUR: "3" });
  });
  afterAll(() => app.stop());

  it("refuses a fourth guest in the hour even from a fresh address, and sends the visitor to sign in", async () => {
    for (let i = 0; i < 3; i++) expect(await guestMade(app, { "X-Forwarded-For": `198.51.100.${i + 1}` })).toBe(true);
    const refused = await new Session(app.url).fetch("/api/auth/guest?redirect=/", { headers: { "X-Forwarded-For": "198.51.100.99" } });
    expect(refused.headers.get("location")).toContain("/sign-in?code=rate_limited");
  });
});

describe("a guest's own token allowance", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startApp(3603, {
      OPENAI_BASE_URL: inject("upstreamUrl"),
      OPENAI_MODEL: "fake-model",
      GUEST_TOKENS_PER_DAY: "1500",
      GUEST_RATE_LIMIT_TPM: "1000000",
    });
  });
  afterAll(() => app.stop());

  const write = (session: Session) =>
    session.fetch("/api/write", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ action: "improve", text: "A sentence to improve. [[tokens=500]]", max_tokens: 600 }),
    });
  /** Reads the answer whole, then gives the real usage a moment to replace the estimate. */
  const settle = async (res: Response) => {
    expect(res.status).toBe(200);
    await res.text();
    await new Promise((r) => setTimeout(r, 300));
  };

  it("stops a guest at its daily tokens with 429 naming the limit, while an account goes on", async () => {
    const guest = await guestSession(app.url);
    await settle(await write(guest));
    await settle(await write(guest));
    const third = await write(guest);
    const error = await expectError(third, 429, "rate_limited", "tpd");
    expect(error.message).toMatch(/per day for your account.*Guests get fewer tokens: create an account for more\.$/);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(3600);

    const { session: account } = await registeredSession(app.url);
    for (let i = 0; i < 3; i++) await settle(await write(account));
  });
});
