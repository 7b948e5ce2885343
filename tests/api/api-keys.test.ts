import { beforeAll, describe, expect, it } from "vitest";
import { apiKeyListSchema, apiKeyPattern, apiKeySchema, createdApiKeySchema, type CreatedApiKeyJson } from "@/lib/contracts/api-keys";
import { createKey, expectApiError, keyOwner, v1 } from "./api-key-helpers";
import { appUrl } from "./helpers";
import { Session, guestSession, registeredSession } from "./session";

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe("POST /api/keys", () => {
  let session: Session;
  beforeAll(async () => {
    session = await guestSession();
  });

  it("creates a key: 201 with a dw_ secret shown once, its prefix, expiry and limits", async () => {
    const expires = inAnHour();
    const res = await session.json("/api/keys", { name: "  CI pipeline  ", expires_at: expires, limits: { rpm: 30, daily_tokens: 50_000 } });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const { key } = (await res.json()) as { key: CreatedApiKeyJson };
    expect(createdApiKeySchema.parse(key)).toEqual(key);
    expect(key.key).toMatch(apiKeyPattern);
    expect(key.prefix).toBe(key.key.slice(0, 9));
    expect(key).toMatchObject({
      name: "CI pipeline",
      status: "active",
      expires_at: expires,
      revoked_at: null,
      last_used_at: null,
      limits: { rpm: 30, daily_tokens: 50_000 },
      budget: { daily: { limit: 50_000, used: 0, remaining: 50_000 }, monthly: null },
    });
  });

  it("gives every key a different secret", async () => {
    const [a, b] = await Promise.all([createKey(session), createKey(session)]);
    expect(a!.key).not.toBe(b!.key);
    expect(a!.id).not.toBe(b!.id);
  });

  const invalid: Array<[string, unknown, string]> = [
    ["a missing name", {}, "name"],
    ["a blank name", { name: "   " }, "name"],
    ["a name over 100 characters", { name: "n".repeat(101) }, "name"],
    ["an expiry that is not a date", { name: "k", expires_at: "tomorrow" }, "expires_at"],
    ["an unknown limit", { name: "k", limits: { rpd: 5 } }, "limits.rpd"],
    ["a limit of zero", { name: "k", limits: { rpm: 0 } }, "limits.rpm"],
    ["a fractional limit", { name: "k", limits: { tpm: 1.5 } }, "limits.tpm"],
    ["an unknown field", { name: "k", scopes: ["all"] }, "scopes"],
  ];
  it.each(invalid)("answers 400 invalid_request for %s, naming the field", async (_name, body, param) => {
    await expectApiError(await session.json("/api/keys", body), 400, "invalid_request", param);
  });

  it("answers 422 unprocessable_request for an expiry in the past", async () => {
    const res = await session.json("/api/keys", { name: "late", expires_at: new Date(Date.now() - 60_000).toISOString() });
    await expectApiError(res, 422, "unprocessable_request", "expires_at");
  });

});

describe("GET /api/keys", () => {
  it("lists the user's keys with prefix and status but never the secret", async () => {
    const { session } = await registeredSession();
    const first = await createKey(session, { name: "first" });
    const second = await createKey(session, { name: "second" });
    const res = await session.json("/api/keys");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    const { keys } = apiKeyListSchema.parse(JSON.parse(text));
    expect(keys.map((k) => k.name).sort()).toEqual(["first", "second"]);
    expect(keys.map((k) => k.prefix).sort()).toEqual([first.prefix, second.prefix].sort());
    for (const k of keys) expect(k).not.toHaveProperty("key");
    expect(text).not.toContain(first.key);
    expect(text).not.toContain(second.key);
    expect(text).not.toContain(first.key.slice(9));
  });

  it("lists only the caller's own keys", async () => {
    const { session: other } = await keyOwner();
    const mine = await guestSession();
    await createKey(mine, { name: "only mine" });
    const otherKeys = apiKeyListSchema.parse(await (await other.json("/api/keys")).json()).keys;
    expect(otherKeys.map((k) => k.name)).not.toContain("only mine");
  });
});

describe("GET and DELETE /api/keys/{id}", () => {
  let session: Session;
  beforeAll(async () => {
    session = await guestSession();
  });

  it("returns one key without its secret", async () => {
    const created = await createKey(session, { name: "single" });
    const res = await session.json(`/api/keys/${created.id}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const { key } = JSON.parse(text) as { key: unknown };
    expect(apiKeySchema.parse(key)).toMatchObject({ id: created.id, name: "single", prefix: created.prefix, status: "active" });
    expect(text).not.toContain(created.key);
  });

  it("revokes a key: it stays listed as revoked and stops working at once", async () => {
    const created = await createKey(session, { name: "to revoke" });
    expect((await v1("/api/v1/models", { key: created.key })).status).toBe(200);
    const res = await session.fetch(`/api/keys/${created.id}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    const { key } = (await res.json()) as { key: { status: string; revoked_at: string | null } };
    expect(key.status).toBe("revoked");
    expect(key.revoked_at).toEqual(expect.any(String));
    const listed = apiKeyListSchema.parse(await (await session.json("/api/keys")).json()).keys.find((k) => k.id === created.id);
    expect(listed?.status).toBe("revoked");
    await expectApiError(await v1("/api/v1/models", { key: created.key }), 401, "invalid_api_key");
  });

  it("revoking twice is harmless: the second DELETE answers 200 with the same revocation time", async () => {
    const created = await createKey(session, { name: "twice" });
    const first = (await (await session.fetch(`/api/keys/${created.id}`, { method: "DELETE" })).json()) as { key: { revoked_at: string } };
    const res = await session.fetch(`/api/keys/${created.id}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    const second = (await res.json()) as { key: { revoked_at: string; status: string } };
    expect(second.key.status).toBe("revoked");
    expect(second.key.revoked_at).toBe(first.key.revoked_at);
  });

  it("answers 404 for another user's key, to GET and to DELETE, and leaves it working", async () => {
    const { key, created } = await keyOwner();
    await expectApiError(await session.json(`/api/keys/${created.id}`), 404, "not_found");
    await expectApiError(await session.fetch(`/api/keys/${created.id}`, { method: "DELETE" }), 404, "not_found");
    expect((await v1("/api/v1/models", { key })).status).toBe(200);
  });

  it.each(["not-a-uuid", "123", crypto.randomUUID()])("answers 404 for the id %s", async (id) => {
    await expectApiError(await session.json(`/api/keys/${id}`), 404, "not_found");
    await expectApiError(await session.fetch(`/api/keys/${id}`, { method: "DELETE" }), 404, "not_found");
  });
});

describe("authenticating with an API key", () => {
  let key: string;
  beforeAll(async () => {
    ({ key } = await keyOwner());
  });

  it("accepts the key as Authorization: Bearer", async () => {
    const res = await fetch(`${appUrl()}/api/v1/models`, { headers: { Authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
  });

  it("accepts the key as X-API-Key", async () => {
    const res = await fetch(`${appUrl()}/api/v1/models`, { headers: { "X-API-Key": key } });
    expect(res.status).toBe(200);
  });

  it("accepts a lower-case bearer scheme", async () => {
    const res = await fetch(`${appUrl()}/api/v1/models`, { headers: { Authorization: `bearer ${key}` } });
    expect(res.status).toBe(200);
  });

  it("records when the key was last used", async () => {
    const { session, key: fresh, created } = await keyOwner();
    expect(created.last_used_at).toBeNull();
    await v1("/api/v1/models", { key: fresh });
    const used = await (async () => {
      for (let i = 0; i < 40; i++) {
        const { key: k } = (await (await session.json(`/api/keys/${created.id}`)).json()) as { key: { last_used_at: string | null } };
        if (k.last_used_at) return k.last_used_at;
        await new Promise((r) => setTimeout(r, 50));
      }
      return null;
    })();
    expect(Math.abs(Date.parse(used!) - Date.now())).toBeLessThan(60_000);
  });

  const malformed: Array<[string, Record<string, string>]> = [
    ["a key of the wrong format", { Authorization: "Bearer sk-not-a-draftwise-key" }],
    ["a key one character short", { Authorization: `Bearer dw_${"a".repeat(39)}` }],
    ["a key with symbols", { "X-API-Key": `dw_${"a".repeat(39)}!` }],
    ["Basic authentication", { Authorization: `Basic ${Buffer.from("user:pass").toString("base64")}` }],
    ["a Bearer scheme without a token", { Authorization: "Bearer" }],
  ];
  it.each(malformed)("answers 401 invalid_api_key for %s", async (_name, headers) => {
    await expectApiError(await fetch(`${appUrl()}/api/v1/models`, { headers }), 401, "invalid_api_key");
  });

  it("answers 401 invalid_api_key for a well-formed key that does not exist", async () => {
    const unknown = `dw_${"Z".repeat(40)}`;
    await expectApiError(await v1("/api/v1/models", { key: unknown }), 401, "invalid_api_key");
  });

  it("answers 401 invalid_api_key for a revoked key", async () => {
    const { session, key: revoked, created } = await keyOwner();
    await session.fetch(`/api/keys/${created.id}`, { method: "DELETE" });
    await expectApiError(await v1("/api/v1/models", { key: revoked }), 401, "invalid_api_key");
    await expectApiError(await fetch(`${appUrl()}/api/v1/models`, { headers: { "X-API-Key": revoked } }), 401, "invalid_api_key");
  });

  it("answers 401 expired_api_key once the key's expiry has passed", async () => {
    const expiresAt = new Date(Date.now() + 2_500);
    const { session, key: expiring, created } = await keyOwner(appUrl(), { expires_at: expiresAt.toISOString() });
    expect((await v1("/api/v1/models", { key: expiring })).status).toBe(200);
    await new Promise((r) => setTimeout(r, expiresAt.getTime() - Date.now() + 500));
    await expectApiError(await v1("/api/v1/models", { key: expiring }), 401, "expired_api_key");
    const { key: listed } = (await (await session.json(`/api/keys/${created.id}`)).json()) as { key: { status: string } };
    expect(listed.status).toBe("expired");
  });

  it("does not leak the key in any error", async () => {
    const unknown = `dw_${"Q".repeat(40)}`;
    const text = await (await v1("/api/v1/models", { key: unknown })).text();
    expect(text).not.toContain(unknown);
  });
});

describe("the browser routes with an API key", () => {
  let key: string;
  beforeAll(async () => {
    ({ key } = await keyOwner());
  });

  it("POST /api/chat accepts a key instead of a session", async () => {
    const res = await v1("/api/chat", { key, body: { messages: [{ role: "user", content: "Hi [[tokens=3]]" }], stream: false } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { text: string }).text.split(" ")).toHaveLength(3);
  });

  it("POST /api/write accepts a key instead of a session", async () => {
    const res = await v1("/api/write", { key, body: { action: "improve", text: "Helo [[tokens=2]]" } });
    expect(res.status).toBe(200);
    expect((await res.text()).split(" ")).toHaveLength(2);
  });

  it("POST /api/outline accepts a key instead of a session", async () => {
    const res = await v1("/api/outline", { key, body: { topic: "Composting" }, headers: { Accept: "application/json" } });
    expect(res.status).toBe(200);
  });

  it("refuses a bad key even next to a valid session cookie", async () => {
    const session = await guestSession();
    const res = await session.json("/api/chat", { messages: [{ role: "user", content: "Hi" }], stream: false }, {
      headers: { Authorization: `Bearer dw_${"b".repeat(40)}` },
    });
    await expectApiError(res, 401, "invalid_api_key");
  });
});
