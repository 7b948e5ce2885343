import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "../../fixtures/app-server";
import { loopbackAlias, type LoopbackAlias } from "../../fixtures/loopback-alias";
import { appUrl } from "../helpers";
import { Session, guestSession, registeredSession } from "../session";

/**
 * Where sign-in and sign-out send the browser (issue 16, item 10): AUTH_URL's origin when set,
 * else the address the request came to; X-Forwarded-Host only with AUTH_TRUST_HOST. "Another
 * address" is 127.0.0.2 (a relay to the app on 127.0.0.1), standing in for a LAN address.
 */

const trustedPort = Number(process.env.API_TEST_PORT ?? 3210) + 302;

let alias: LoopbackAlias;
let trusted: AppServer;
beforeAll(async () => {
  [alias, trusted] = await Promise.all([loopbackAlias(appUrl()), startApp(trustedPort, { AUTH_TRUST_HOST: "true" })]);
});
afterAll(async () => {
  await Promise.all([alias?.close(), trusted?.stop()]);
});

const location = (res: Response) => new URL(res.headers.get("location")!);

describe("redirects", () => {
  it("ignores X-Forwarded-Host unless AUTH_TRUST_HOST is set: a guest sign-in is not sent to the host it names", async () => {
    const res = await new Session().fetch("/api/auth/guest?redirect=/documents", { headers: { "X-Forwarded-Host": "evil.example" } });
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(location(res).host).toBe(new URL(appUrl()).host);
    expect(location(res).pathname).toBe("/documents");
    // Behind a proxy the operator vouches for, the header names the public address.
    const proxied = await new Session(trusted.url).fetch("/api/auth/guest?redirect=/documents", {
      headers: { "X-Forwarded-Host": "draftwise.example", "X-Forwarded-Proto": "https" },
    });
    expect(location(proxied).origin).toBe("https://draftwise.example");
  });

  it("signs out to the address the person is on, not the one the server listens on", async () => {
    const { session } = await registeredSession(alias.url);
    const res = await session.authPost("/api/auth/signout", { callbackUrl: "/sign-in" });
    expect(((await res.json()) as { url: string }).url).toBe(`${alias.url}/sign-in`);
  });

  it("sends a signed-in visitor of the guest route back on the address in use", async () => {
    const session = await guestSession(alias.url);
    const res = await session.fetch("/api/auth/guest?redirect=/documents");
    expect(location(res).origin).toBe(alias.url);
  });
});
