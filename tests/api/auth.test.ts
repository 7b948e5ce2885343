import { describe, expect, it } from "vitest";
import { startApp } from "../fixtures/app-server";
import { appUrl, expectError } from "./helpers";
import { Session, guestSession, registeredSession, signIn, signOut, signUp, testPassword, uniqueEmail } from "./session";

/** Failure counters are per address: each test that fails on purpose uses its own. */
let addresses = 0;
const fromAddress = () => ({ "X-Forwarded-For": `203.0.${Math.floor(Math.random() * 200)}.${++addresses}` });

async function account(session: Session) {
  return session.json("/api/account");
}

describe("accounts", () => {
  it("signs up with email and password and gets an httpOnly session cookie", async () => {
    const session = new Session();
    const email = uniqueEmail();
    const res = await session.authPost("/api/auth/callback/credentials", { email, password: testPassword, mode: "sign-up" });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.includes("session-token="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const body = await (await account(session)).json();
    expect(body.account).toMatchObject({ email, is_guest: false, store_content: true });
  });

  it("refuses a second account with the same email (any case)", async () => {
    const { email } = await registeredSession();
    const again = await signUp(new Session(), { email: email.toUpperCase(), password: testPassword }, fromAddress());
    expect(again).toMatchObject({ code: "email_taken", signedIn: false });
  });

  it("refuses a short password and an invalid email", async () => {
    const headers = fromAddress();
    expect(await signUp(new Session(), { email: uniqueEmail(), password: "short" }, headers)).toMatchObject({ code: "invalid_request", signedIn: false });
    expect(await signUp(new Session(), { email: "not-an-email", password: testPassword }, headers)).toMatchObject({ code: "invalid_request", signedIn: false });
  });

  it("signs in with the right password only", async () => {
    const { email } = await registeredSession();
    const headers = fromAddress();
    expect(await signIn(new Session(), { email, password: "wrong password" }, headers)).toMatchObject({ code: "invalid_credentials", signedIn: false });
    expect(await signIn(new Session(), { email: uniqueEmail("nobody"), password: testPassword }, headers)).toMatchObject({ code: "invalid_credentials", signedIn: false });
    const session = new Session();
    expect(await signIn(session, { email, password: testPassword }, headers)).toMatchObject({ signedIn: true });
    expect((await (await account(session)).json()).account.email).toBe(email);
  });

  it("signs out: the session cookie is cleared and the API answers 401", async () => {
    const { session } = await registeredSession();
    expect((await account(session)).status).toBe(200);
    await signOut(session);
    expect(session.has(/session-token/)).toBe(false);
    await expectError(await account(session), 401, "unauthorized");
  });

  it("rejects a sign-in without the CSRF token", async () => {
    const { email } = await registeredSession();
    const session = new Session();
    const res = await session.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1", ...fromAddress() },
      body: new URLSearchParams({ email, password: testPassword, mode: "sign-in" }),
    });
    expect(JSON.stringify(await res.json())).toMatch(/MissingCSRF/);
    expect(session.has(/session-token/)).toBe(false);
  });

  it("after five failed sign-ins on an account from one address, that address gets 429 and Retry-After, even with the right password", async () => {
    const { email } = await registeredSession();
    const headers = fromAddress();
    for (let i = 0; i < 5; i++) {
      expect((await signIn(new Session(), { email, password: `wrong ${i}` }, headers)).code).toBe("invalid_credentials");
    }
    const session = new Session();
    const res = await session.authPost("/api/auth/callback/credentials", { email, password: testPassword, mode: "sign-in" }, headers);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await res.json();
    expect(body.error.code).toBe("rate_limited");
    expect(new URL(body.url).searchParams.get("code")).toBe("rate_limited");
    expect(session.has(/session-token/)).toBe(false);
  });

  it("limits failed sign-ins per address across accounts", async () => {
    const app = await startApp(3216, { AUTH_MAX_FAILURES_PER_IP: "3" });
    try {
      const headers = fromAddress();
      for (let i = 0; i < 3; i++) {
        await signIn(new Session(app.url), { email: uniqueEmail(), password: "whatever" }, headers);
      }
      const blocked = await signIn(new Session(app.url), { email: uniqueEmail(), password: "whatever" }, headers);
      expect(blocked).toMatchObject({ status: 429, code: "rate_limited" });
      // Another address is not affected.
      expect((await signIn(new Session(app.url), { email: uniqueEmail(), password: "x" }, fromAddress())).status).toBe(200);
    } finally {
      await app.stop();
    }
  });

  it("caps guest accounts per address and sends the rest to the sign-in page", async () => {
    const app = await startApp(3217, { GUESTS_PER_IP_PER_HOUR: "2" });
    try {
      const headers = { "X-Forwarded-For": "198.51.100.7" };
      await guestSession(app.url, headers);
      await guestSession(app.url, headers);
      const refused = await new Session(app.url).fetch("/api/auth/guest?redirect=/", { headers });
      expect(refused.status).toBeGreaterThanOrEqual(300);
      expect(refused.headers.get("location")).toContain("/sign-in?code=rate_limited");
    } finally {
      await app.stop();
    }
  });

  it("refuses to start in production without AUTH_SECRET, naming the variable", async () => {
    await expect(startApp(3218, { AUTH_SECRET: "" })).rejects.toThrow(/AUTH_SECRET[^\n]*required in production/);
  });
});

describe("guests", () => {
  it("a first visit gets a guest account and lands back where it was going", async () => {
    const session = new Session();
    const res = await session.fetch("/api/auth/guest?redirect=/documents");
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(new URL(res.headers.get("location")!, appUrl()).pathname).toBe("/documents");
    const body = await (await account(session)).json();
    expect(body.account).toMatchObject({ is_guest: true, email: null });
  });

  it("never redirects off-site after guest sign-in", async () => {
    const res = await new Session().fetch("/api/auth/guest?redirect=//evil.example/x");
    expect(new URL(res.headers.get("location")!, appUrl()).host).toBe(new URL(appUrl()).host);
  });

  it("pages send a visitor without a session through guest sign-in", async () => {
    const res = await new Session().fetch("/documents");
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.headers.get("location")).toContain("/api/auth/guest?redirect=%2Fdocuments");
  });

  it("registering keeps the guest's documents and conversations under the same account", async () => {
    const session = await guestSession();
    const guest = (await (await account(session)).json()).account;
    const doc = (await (await session.json("/api/documents", { title: "Guest notes" })).json()).document;
    const chat = (await (await session.json("/api/conversations", { document_id: doc.id })).json()).conversation;
    const email = uniqueEmail("upgraded");
    expect(await signUp(session, { email, password: testPassword })).toMatchObject({ signedIn: true });
    const now = (await (await account(session)).json()).account;
    expect(now).toMatchObject({ id: guest.id, email, is_guest: false });
    expect((await session.json(`/api/documents/${doc.id}`)).status).toBe(200);
    expect((await session.json(`/api/conversations/${chat.id}`)).status).toBe(200);
    // And from another browser, after signing in.
    const other = new Session();
    await signIn(other, { email, password: testPassword });
    expect((await other.json(`/api/documents/${doc.id}`)).status).toBe(200);
  });

  it("a guest who signs in to an existing account brings their documents along", async () => {
    const { email } = await registeredSession();
    const session = await guestSession();
    const doc = (await (await session.json("/api/documents", { title: "Written as a guest" })).json()).document;
    expect(await signIn(session, { email, password: testPassword })).toMatchObject({ signedIn: true });
    const list = (await (await session.json("/api/documents")).json()).documents as { id: string }[];
    expect(list.map((d) => d.id)).toContain(doc.id);
  });
});

describe("account settings", () => {
  it("reads and updates the privacy setting and the name", async () => {
    const { session } = await registeredSession();
    const res = await session.json("/api/account", { store_content: false, name: "Ada" }, { method: "PATCH" });
    expect(res.status).toBe(200);
    expect((await res.json()).account).toMatchObject({ store_content: false, name: "Ada" });
    expect((await (await account(session)).json()).account.store_content).toBe(false);
  });

  it("keeps the studio's variants default: 1 (off) at first, 1–4 accepted, anything else a 400 naming the field", async () => {
    const { session } = await registeredSession();
    expect((await (await account(session)).json()).account.variants).toBe(1);
    const res = await session.json("/api/account", { variants: 3 }, { method: "PATCH" });
    expect(res.status).toBe(200);
    expect((await res.json()).account.variants).toBe(3);
    expect((await (await account(session)).json()).account.variants).toBe(3);
    for (const variants of [0, 5, 2.5, "2", null]) {
      await expectError(await session.json("/api/account", { variants }, { method: "PATCH" }), 400, "invalid_request", "variants");
    }
    expect((await (await account(session)).json()).account.variants).toBe(3);
  });

  it("changes only the caller's own settings", async () => {
    const a = await registeredSession();
    const b = await registeredSession();
    await b.session.json("/api/account", { store_content: false }, { method: "PATCH" });
    expect((await (await account(a.session)).json()).account.store_content).toBe(true);
  });

  it("answers 400 for unknown fields and wrong types, 401 without a session", async () => {
    const { session } = await registeredSession();
    await expectError(await session.json("/api/account", { store_content: "no" }, { method: "PATCH" }), 400, "invalid_request", "store_content");
    await expectError(await session.json("/api/account", { is_guest: true }, { method: "PATCH" }), 400, "invalid_request", "is_guest");
    await expectError(await new Session().json("/api/account"), 401, "unauthorized");
  });
});
