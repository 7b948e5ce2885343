import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "../../fixtures/app-server";
import { Session, registeredSession, signIn, testPassword } from "../session";

// Issue 16, item 5: failed passwords slow down whoever fails, never lock the owner out.
// Port 3604 belongs to this file.

let app: AppServer;
let addresses = 0;
const address = () => ({ "X-Forwarded-For": `198.51.${Math.floor(Math.random() * 200)}.${++addresses % 250}` });

beforeAll(async () => {
  app = await startApp(3604, { AUTH_MAX_FAILURES_PER_ACCOUNT: "5", AUTH_MAX_FAILURES_PER_IP: "1000" });
});
afterAll(() => app.stop());

async function fail(email: string, headers: Record<string, string>, device = new Session(app.url)) {
  const result = await signIn(device, { email, password: "not the password" }, headers);
  expect(result.code).toBe("invalid_credentials");
}

describe("failed sign-ins", () => {
  it("from another address never lock the owner out of their account", async () => {
    const { email } = await registeredSession(app.url);
    const attacker = address();
    for (let i = 0; i < 5; i++) await fail(email, attacker);
    // The guesser is slowed down…
    expect((await signIn(new Session(app.url), { email, password: "another guess" }, attacker)).code).toBe("rate_limited");
    // …and the owner, elsewhere, is not.
    expect(await signIn(new Session(app.url), { email, password: testPassword }, address())).toMatchObject({ status: 200, signedIn: true });
  });

  it("make the failing address wait a short, growing delay with a message saying so, not a 15-minute lock", async () => {
    const { email } = await registeredSession(app.url);
    const here = address();
    for (let i = 0; i < 5; i++) await fail(email, here);
    const session = new Session(app.url);
    const res = await session.authPost("/api/auth/callback/credentials", { email, password: testPassword, mode: "sign-in" }, here);
    expect(res.status).toBe(429);
    const wait = Number(res.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(15);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toMatch(/this device.*Try again in \d+ seconds?; each further failure doubles the wait/);
    expect(session.has(/session-token/)).toBe(false);
  });

  it("from many addresses slow unknown devices, while the owner's known device still signs in", async () => {
    const { email } = await registeredSession(app.url);
    const owner = new Session(app.url);
    expect(await signIn(owner, { email, password: testPassword }, address())).toMatchObject({ signedIn: true });
    expect(owner.has(/known-device/)).toBe(true);

    for (let i = 0; i < 20; i++) await fail(email, address());
    const stranger = await new Session(app.url).authPost("/api/auth/callback/credentials", { email, password: testPassword, mode: "sign-in" }, address());
    expect(stranger.status).toBe(429);
    expect(((await stranger.json()) as { error: { message: string } }).error.message).toMatch(/from elsewhere.*a device you have signed in on before/);

    expect(await signIn(owner, { email, password: testPassword }, address())).toMatchObject({ status: 200, signedIn: true });
  });

  it("on a known device count against that device alone, so another person's guesses can't use it up", async () => {
    const { email } = await registeredSession(app.url);
    const owner = new Session(app.url);
    const home = address();
    expect(await signIn(owner, { email, password: testPassword }, home)).toMatchObject({ signedIn: true });
    // Someone on the same network guesses five times: the owner's device is not slowed.
    for (let i = 0; i < 5; i++) await fail(email, home);
    expect(await signIn(owner, { email, password: testPassword }, home)).toMatchObject({ status: 200, signedIn: true });
  });
});
