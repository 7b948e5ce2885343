import { describe, expect, it } from "vitest";
import { keyOwner, uuidPattern, v1 } from "./api-key-helpers";
import { appUrl, expectError, postJson, userMessage } from "./helpers";

const plainChat = (content: string, extra: Record<string, unknown> = {}) => ({ messages: [{ role: "user", content }], ...extra });

const unescapeAttribute = (value: string) =>
  value.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");

describe("GET /api/v1/openapi.json", () => {
  it("serves the OpenAPI 3.1 document without authentication, for this server", async () => {
    const res = await fetch(`${appUrl()}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.headers.get("x-request-id")).toMatch(uuidPattern);
    expect(res.headers.get("cache-control")).toMatch(/public, max-age=\d+/);
    expect(res.headers.get("vary")).toMatch(/X-Forwarded-Host/i);
    const doc = (await res.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.servers[0]!.url).toBe(appUrl());
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/chat", "/api/v1/chat/completions", "/api/v1/models"]));
  });

  it("names the host and protocol a proxy forwarded, and ignores a malformed one", async () => {
    const forwarded = await fetch(`${appUrl()}/api/v1/openapi.json`, {
      headers: { "X-Forwarded-Host": "api.draftwise.example", "X-Forwarded-Proto": "https" },
    });
    expect(((await forwarded.json()) as { servers: { url: string }[] }).servers[0]!.url).toBe("https://api.draftwise.example");
    const odd = await fetch(`${appUrl()}/api/v1/openapi.json`, { headers: { "X-Forwarded-Host": "evil.example/<script>" } });
    expect(JSON.stringify(await odd.json())).not.toContain("evil.example");
  });
});

describe("/docs", () => {
  it("serves the reference page, which loads only scripts and the document of this origin", async () => {
    const res = await fetch(`${appUrl()}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self'(;|$)/);
    expect(res.headers.get("content-security-policy")).toMatch(/connect-src 'self'/);
    const html = await res.text();
    const sources = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatch(/^\/docs\/[\w.-]+\.js\?v=\w+$/);
    expect(html).toContain('data-url="/api/v1/openapi.json"');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);

    const script = await fetch(`${appUrl()}${sources[0]}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(script.headers.get("cache-control")).toContain("immutable");
    expect(await script.text()).toContain("createApiReference");
  });

  it("configures the reference without web fonts, telemetry, agent or proxy", async () => {
    const html = await (await fetch(`${appUrl()}/docs`)).text();
    const attribute = /data-configuration="([^"]*)"/.exec(html)?.[1];
    const configuration = JSON.parse(unescapeAttribute(attribute ?? "{}")) as Record<string, unknown>;
    expect(configuration).toMatchObject({ withDefaultFonts: false, telemetry: false, agent: { disabled: true }, mcp: { disabled: true } });
    expect(configuration).not.toHaveProperty("proxyUrl");
  });

  it("lets a cached script be revalidated by ETag", async () => {
    const first = await fetch(`${appUrl()}/docs/api-reference.js`);
    await first.arrayBuffer();
    expect(first.headers.get("cache-control")).toContain("must-revalidate");
    const again = await fetch(`${appUrl()}/docs/api-reference.js`, { headers: { "If-None-Match": first.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });
});

describe("deprecation headers", () => {
  it("mark the answer to a plain { role, content } body on POST /api/chat", async () => {
    const res = await postJson("/api/chat", plainChat("Hi [[tokens=3]]", { stream: false }));
    expect(res.status).toBe(200);
    await res.json();
    expect(res.headers.get("deprecation")).toMatch(/^@\d+$/);
    const sunset = Date.parse(res.headers.get("sunset") ?? "");
    expect(sunset).toBeGreaterThan(Date.now());
    expect(res.headers.get("sunset")).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(res.headers.get("link")).toContain('</api/v1/chat>; rel="successor-version"');
    expect(res.headers.get("link")).toMatch(/<\/docs#[^>]*>; rel="deprecation"/);
  });

  it("mark a plain body's error answer too", async () => {
    const res = await postJson("/api/chat", { messages: [{ role: "assistant", content: "hi" }] });
    await expectError(res, 400, "invalid_request", "messages");
    expect(res.headers.get("deprecation")).toMatch(/^@\d+$/);
    expect(Date.parse(res.headers.get("sunset") ?? "")).toBeGreaterThan(Date.now());
    expect(res.headers.get("sunset")).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  });

  it("are absent for the studio's useChat body", async () => {
    const res = await postJson("/api/chat", { messages: [userMessage("Hello [[tokens=2]]")] });
    expect(res.status).toBe(200);
    await res.text();
    expect(res.headers.get("deprecation")).toBeNull();
    expect(res.headers.get("sunset")).toBeNull();
    expect(res.headers.get("link")).toBeNull();
  });

  it("are absent on POST /api/v1/chat, the successor", async () => {
    const { key } = await keyOwner();
    const res = await v1("/api/v1/chat", { key, body: plainChat("Hi [[tokens=2]]") });
    expect(res.status).toBe(200);
    await res.json();
    expect(res.headers.get("deprecation")).toBeNull();
    expect(res.headers.get("sunset")).toBeNull();
  });
});
