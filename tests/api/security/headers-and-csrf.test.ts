import { beforeAll, describe, expect, it } from "vitest";
import { keyOwner } from "../api-key-helpers";
import { appUrl, expectError } from "../helpers";
import { guestSession, registeredSession, type Session } from "../session";

/** What a browser adds to a request a page on another site sends (a form post, a fetch). */
const crossSite = { Origin: "http://evil.example", "Sec-Fetch-Site": "cross-site" };
const sameOrigin = () => ({ Origin: appUrl(), "Sec-Fetch-Site": "same-origin" });

function nonceOf(policy: string | null): string {
  const nonce = /script-src[^;]*'nonce-([^']+)'/.exec(policy ?? "")?.[1];
  if (!nonce) throw new Error(`no script nonce in ${policy}`);
  return nonce;
}

describe("security headers", () => {
  it("a page can't be framed, sniffed or run scripts without this response's nonce", async () => {
    const res = await fetch(`${appUrl()}/sign-in`);
    expect(res.status).toBe(200);
    const policy = res.headers.get("content-security-policy");
    expect(policy).toMatch(/frame-ancestors 'none'/);
    expect(policy).toMatch(/object-src 'none'/);
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    // Every script of the page, Next's and the theme script alike, carries the nonce.
    const nonce = nonceOf(policy);
    const html = await res.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(1);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("each page view gets a fresh nonce (pages render per request)", async () => {
    const [a, b] = await Promise.all([fetch(`${appUrl()}/sign-in`), fetch(`${appUrl()}/sign-in`)]);
    await Promise.all([a.text(), b.text()]);
    expect(nonceOf(a.headers.get("content-security-policy"))).not.toBe(nonceOf(b.headers.get("content-security-policy")));
  });

  it("API answers carry a policy that loads nothing and can't be framed", async () => {
    const res = await fetch(`${appUrl()}/api/health`);
    await res.body?.cancel();
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  it("the API reference can't be framed either", async () => {
    const res = await fetch(`${appUrl()}/docs`);
    await res.body?.cancel();
    expect(res.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("sends HSTS only when the request came over https", async () => {
    const plain = await fetch(`${appUrl()}/api/health`);
    await plain.body?.cancel();
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const tls = await fetch(`${appUrl()}/api/health`, { headers: { "X-Forwarded-Proto": "https" } });
    await tls.body?.cancel();
    expect(tls.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
  });
});

describe("cross-site writes that ride the session cookie", () => {
  let session: Session;
  beforeAll(async () => {
    session = await guestSession();
  });

  async function trashedDocument(): Promise<string> {
    const { document } = (await (await session.json("/api/documents", { title: "Restorable" })).json()) as { document: { id: string } };
    expect((await session.fetch(`/api/documents/${document.id}`, { method: "DELETE" })).status).toBeLessThan(300);
    return document.id;
  }

  it("refuses a cross-site form post that rotates the webhook secret", async () => {
    const res = await session.fetch("/api/webhooks/secret", { method: "POST", headers: crossSite });
    await expectError(res, 403, "cross_origin_request");
    // Nothing was created.
    expect(await (await session.json("/api/webhooks/secret")).json()).toMatchObject({ exists: false });
  });

  it("refuses a cross-site post that restores a document, and a same-site one (a sibling subdomain)", async () => {
    const id = await trashedDocument();
    await expectError(await session.fetch(`/api/documents/${id}/restore`, { method: "POST", headers: crossSite }), 403, "cross_origin_request");
    await expectError(
      await session.fetch(`/api/documents/${id}/restore`, { method: "POST", headers: { Origin: "http://sub.127.0.0.1", "Sec-Fetch-Site": "same-site" } }),
      403,
      "cross_origin_request",
    );
    const same = await session.fetch(`/api/documents/${id}/restore`, { method: "POST", headers: sameOrigin() });
    expect(same.status).toBe(200);
  });

  it("refuses a cross-site post that starts a model download", async () => {
    // An account (guests may not download at all): only the cross-site check stands in the way.
    const { session: operator } = await registeredSession();
    await expectError(await operator.fetch("/api/local-model/download", { method: "POST", headers: crossSite }), 403, "cross_origin_request");
    // From the studio itself it reaches the route (a provider is configured here, hence 409).
    await expectError(await operator.fetch("/api/local-model/download", { method: "POST", headers: sameOrigin() }), 409, "model_already_configured");
  });

  it("judges by Origin when the browser sends no Sec-Fetch-Site: another origin or an opaque one is refused", async () => {
    for (const origin of ["http://evil.example", "null", "http://127.0.0.1.evil.example"]) {
      await expectError(await session.fetch("/api/webhooks/secret", { method: "POST", headers: { Origin: origin } }), 403, "cross_origin_request");
    }
    const own = await session.fetch("/api/webhooks/secret", { method: "POST", headers: { Origin: appUrl() } });
    expect(own.status).toBe(201);
  });

  it("refuses cross-site deletes and JSON posts too", async () => {
    const id = await trashedDocument();
    await expectError(await session.fetch(`/api/documents/${id}`, { method: "DELETE", headers: crossSite }), 403, "cross_origin_request");
    await expectError(await session.json("/api/documents", { title: "Forged" }, { headers: crossSite }), 403, "cross_origin_request");
  });

  it("lets a client that sends neither Origin nor Sec-Fetch-Site (curl, a server) use its cookie", async () => {
    const res = await session.fetch("/api/webhooks/secret", { method: "POST" });
    expect(res.status).toBe(201);
  });

  it("lets a cross-site page read with GET (no change, no CSRF)", async () => {
    const res = await session.fetch("/api/webhooks/secret", { headers: crossSite });
    expect(res.status).toBe(200);
  });

  it("lets the studio's own sign-in and sign-out posts through", async () => {
    const fresh = await guestSession();
    const res = await fresh.authPost("/api/auth/signout", {}, sameOrigin());
    expect(res.status).toBe(200);
    expect(fresh.has(/session-token/)).toBe(false);
  });

  it("refuses a cross-site sign-out (login/logout CSRF)", async () => {
    const fresh = await guestSession();
    await expectError(await fresh.authPost("/api/auth/signout", {}, crossSite), 403, "cross_origin_request");
    expect(fresh.has(/session-token/)).toBe(true);
  });
});

describe("API-key calls from other origins (CORS, no cookie)", () => {
  it("keep working cross-site: a key can't be forged by a form", async () => {
    const { key } = await keyOwner();
    const headers = { Authorization: `Bearer ${key}`, ...crossSite };
    const studioRoute = await fetch(`${appUrl()}/api/webhooks/secret`, { method: "POST", headers });
    expect(studioRoute.status).toBe(201);
    const v1 = await fetch(`${appUrl()}/api/v1/webhooks/secret`, { method: "POST", headers });
    expect(v1.status).toBe(201);
    const xApiKey = await fetch(`${appUrl()}/api/v1/webhooks/secret`, { method: "POST", headers: { "X-API-Key": key, ...crossSite } });
    expect(xApiKey.status).toBe(201);
  });
});
