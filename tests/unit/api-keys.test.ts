import { describe, expect, it } from "vitest";
import { apiKeyPattern } from "@/lib/contracts/api-keys";
import { AppError } from "@/lib/errors";
import { apiKeyFromRequest, budgetPeriods, generateApiKey, hashApiKey, keyStatus } from "@/lib/server/api-keys";
import type { ApiKeyRow } from "@/lib/server/db/queries/api-keys";

const withHeaders = (headers: Record<string, string>) => new Request("http://x/", { headers });

describe("API keys", () => {
  it("are dw_ plus 40 base62 characters, different every time", () => {
    const keys = new Set(Array.from({ length: 200 }, generateApiKey));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(key).toMatch(apiKeyPattern);
  });

  it("are stored as a SHA-256 hex digest, never as themselves", () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).not.toContain(key.slice(3));
  });

  it("are read from Authorization: Bearer or from X-API-Key", () => {
    expect(apiKeyFromRequest(withHeaders({ authorization: "Bearer dw_abc" }))).toBe("dw_abc");
    expect(apiKeyFromRequest(withHeaders({ authorization: "bearer   dw_abc " }))).toBe("dw_abc");
    expect(apiKeyFromRequest(withHeaders({ "x-api-key": "dw_xyz" }))).toBe("dw_xyz");
    expect(apiKeyFromRequest(withHeaders({}))).toBeUndefined();
  });

  it("treat another Authorization scheme as a malformed key, not a missing one", () => {
    const read = () => apiKeyFromRequest(withHeaders({ authorization: "Basic dXNlcjpwYXNz" }));
    expect(read).toThrow(AppError);
    expect(read).toThrow(/Bearer/);
  });

  it("report revoked before expired, and expired once the expiry has passed", () => {
    const base = { revokedAt: null, expiresAt: null } as unknown as ApiKeyRow;
    const now = new Date("2026-06-01T00:00:00Z");
    expect(keyStatus(base, now)).toBe("active");
    expect(keyStatus({ ...base, expiresAt: new Date("2026-05-31T23:59:59Z") }, now)).toBe("expired");
    expect(keyStatus({ ...base, expiresAt: new Date("2026-06-01T00:00:01Z") }, now)).toBe("active");
    expect(keyStatus({ ...base, revokedAt: now, expiresAt: new Date(0) }, now)).toBe("revoked");
  });

  it("reset budgets at the start of the UTC day and month", () => {
    const periods = budgetPeriods(new Date("2026-02-28T23:30:00Z"));
    expect(periods.daily.start.toISOString()).toBe("2026-02-28T00:00:00.000Z");
    expect(periods.daily.end.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(periods.monthly.start.toISOString()).toBe("2026-02-01T00:00:00.000Z");
    expect(periods.monthly.end.toISOString()).toBe("2026-03-01T00:00:00.000Z");
  });
});
