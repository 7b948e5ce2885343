import { describe, expect, it } from "vitest";
import { createKey } from "../api-key-helpers";
import { expectError } from "../helpers";
import { Session, guestSession, registeredSession, signIn, signOut, signUp, testPassword, uniqueEmail } from "../session";

/**
 * A guest's credentials and cookie must not outlive the guest (issue 16, item 4): signing in or up
 * keeps the guest's writing but revokes its API keys and drops its webhook secret, and sessions
 * carry a version that sign-up, sign-out and a password change bump, so older cookies stop working.
 */

/** The Cookie header a session sends now: what someone copying it from the browser would hold. */
const copyCookie = (session: Session) => session.cookieHeader();

const withCookie = (base: string, cookie: string, path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie }, redirect: "manual" });

const withKey = (base: string, key: string, path: string) => fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${key}` } });

async function guestWithCredentials() {
  const guest = await guestSession();
  const { key } = await createKey(guest);
  expect((await withKey(guest.base, key, "/api/v1/jobs")).status).toBe(200);
  expect((await guest.json("/api/webhooks/secret", {})).status).toBe(201);
  return { guest, key };
}

const revokedNotice = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith("draftwise-revoked-guest-keys="))
    ?.split(";")[0]
    ?.split("=")[1];

describe("a guest's credentials", () => {
  it("a key minted as a guest stops working when the guest signs in to an account, and can't read the account's jobs", async () => {
    const { email } = await registeredSession();
    const { guest, key } = await guestWithCredentials();
    const res = await guest.authPost("/api/auth/callback/credentials", { email, password: testPassword, mode: "sign-in" });
    expect(res.status).toBe(200);
    expect(revokedNotice(res)).toBe("1");
    await expectError(await withKey(guest.base, key, "/api/v1/jobs"), 401, "invalid_api_key");
    // The account starts with no keys and no webhook secret of the guest's.
    expect(((await (await guest.json("/api/keys")).json()) as { keys: unknown[] }).keys).toEqual([]);
    expect(await (await guest.json("/api/webhooks/secret")).json()).toMatchObject({ exists: false });
  });

  it("a key minted as a guest stops working when the guest signs up, and its webhook secret is dropped", async () => {
    const { guest, key } = await guestWithCredentials();
    expect(await signUp(guest, { email: uniqueEmail("upgraded"), password: testPassword })).toMatchObject({ signedIn: true });
    await expectError(await withKey(guest.base, key, "/api/v1/jobs"), 401, "invalid_api_key");
    expect(await (await guest.json("/api/webhooks/secret")).json()).toMatchObject({ exists: false });
    const keys = ((await (await guest.json("/api/keys")).json()) as { keys: Array<{ status: string }> }).keys;
    expect(keys.map((k) => k.status)).toEqual(["revoked"]);
  });
});

describe("session cookies", () => {
  it("a guest cookie copied before sign-up is refused afterwards, while the new cookie works", async () => {
    const guest = await guestSession();
    const copied = copyCookie(guest);
    expect((await withCookie(guest.base, copied, "/api/account")).status).toBe(200);
    expect(await signUp(guest, { email: uniqueEmail("converted"), password: testPassword })).toMatchObject({ signedIn: true });
    await expectError(await withCookie(guest.base, copied, "/api/account"), 401, "unauthorized");
    expect((await guest.json("/api/account")).status).toBe(200);
    // A page visit with the old cookie gets a fresh guest, not the account (and not a redirect loop).
    const visit = await withCookie(guest.base, copied, "/api/auth/guest?redirect=/");
    expect(visit.headers.getSetCookie().some((c) => c.includes("session-token="))).toBe(true);
  });

  it("sign-out revokes a copied cookie of the account", async () => {
    const { session } = await registeredSession();
    const copied = copyCookie(session);
    expect((await withCookie(session.base, copied, "/api/account")).status).toBe(200);
    await signOut(session);
    await expectError(await withCookie(session.base, copied, "/api/account"), 401, "unauthorized");
  });

  it("a password change ends the account's other sessions and keeps this one", async () => {
    const { session, email } = await registeredSession();
    const other = new Session();
    expect(await signIn(other, { email, password: testPassword })).toMatchObject({ signedIn: true });
    const newPassword = "a brand new passphrase";
    const changed = await session.json("/api/account/password", { current_password: testPassword, new_password: newPassword });
    expect(changed.status).toBe(204);
    expect((await session.json("/api/account")).status).toBe(200);
    await expectError(await other.json("/api/account"), 401, "unauthorized");
    expect(await signIn(new Session(), { email, password: newPassword })).toMatchObject({ signedIn: true });
    expect(await signIn(new Session(), { email, password: testPassword }, { "X-Forwarded-For": "203.0.113.77" })).toMatchObject({
      signedIn: false,
      code: "invalid_credentials",
    });
  });

  it("a password change needs the current password", async () => {
    const { session } = await registeredSession();
    await expectError(
      await session.json("/api/account/password", { current_password: "not my password", new_password: "another passphrase" }, { headers: { "X-Forwarded-For": "203.0.113.78" } }),
      401,
      "invalid_credentials",
      "current_password",
    );
    expect((await session.json("/api/account")).status).toBe(200);
  });
});
