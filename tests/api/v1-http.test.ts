import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyPattern } from "@/lib/contracts/api-keys";
import { freshDatabase, startApp, testAppEnv, type AppServer } from "../fixtures/app-server";
import { createKey, expectApiError, keyOwner, uuidPattern, v1 } from "./api-key-helpers";
import { appUrl } from "./helpers";
import { guestSession } from "./session";

/** Ports of this file's own instances (the shared ones are API_TEST_PORT..+2). */
const ports = { corsList: 3800, corsAny: 3801, cli: 3802 };

let key: string;
beforeAll(async () => {
  ({ key } = await keyOwner());
});

describe("X-Request-Id", () => {
  const requests: Array<[string, () => Promise<Response>]> = [
    ["a v1 success", () => v1("/api/v1/models", { key })],
    ["a v1 error", () => v1("/api/v1/models")],
    ["a v1 stream", () => v1("/api/v1/write", { key, body: { prompt: "Hi [[tokens=2]]" } })],
    ["an OpenAI-shaped error", () => v1("/api/v1/chat/completions", { key, method: "GET" })],
    ["a page", () => fetch(`${appUrl()}/sign-in`)],
    ["a page that does not exist", () => fetch(`${appUrl()}/no-such-page`)],
    ["/api/status", () => fetch(`${appUrl()}/api/status`)],
    ["an unknown API path", () => fetch(`${appUrl()}/api/nope`)],
    ["an unknown v1 path", () => v1("/api/v1/nope", { key })],
  ];

  it.each(requests)("is on every response: %s", async (_name, send) => {
    const res = await send();
    await res.arrayBuffer();
    expect(res.headers.get("x-request-id")).toMatch(uuidPattern);
  });

  it("differs from request to request", async () => {
    const ids = await Promise.all([1, 2, 3].map(async () => (await fetch(`${appUrl()}/api/status`)).headers.get("x-request-id")));
    expect(new Set(ids).size).toBe(3);
  });

  it.each(["abc-123", "req_01HZX:7f/2+a=b@edge", "x".repeat(128)])("echoes a safe client id (%s)", async (sent) => {
    const ok = await v1("/api/v1/models", { key, headers: { "X-Request-Id": sent } });
    expect(ok.headers.get("x-request-id")).toBe(sent);
    const failed = await v1("/api/v1/models", { headers: { "X-Request-Id": sent } });
    expect(failed.status).toBe(401);
    expect(failed.headers.get("x-request-id")).toBe(sent);
  });

  it.each([
    ["spaces", "abc 123"],
    ["300 characters", "a".repeat(300)],
    ["a quote and angle brackets", '"<script>'],
    ["non-ASCII", "ид-запроса"],
  ])("replaces an unsafe client id (%s) with a generated UUID", async (_name, sent) => {
    const headers = new Headers();
    // Header values must be ByteStrings; a UTF-8 id arrives as its bytes read as Latin-1.
    headers.set("X-Request-Id", Buffer.from(sent, "utf8").toString("latin1"));
    const res = await fetch(`${appUrl()}/api/status`, { headers });
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(uuidPattern);
    expect(id).not.toBe(sent);
  });
});

const allowed = "https://app.example.com";

async function preflight(base: string, origin: string, route = "/api/v1/chat") {
  return fetch(`${base}${route}`, {
    method: "OPTIONS",
    headers: {
      Origin: origin,
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization, content-type",
    },
  });
}

describe("CORS without CORS_ORIGINS (the default)", () => {
  it("answers a preflight with no Allow-Origin, so browsers refuse cross-origin calls", async () => {
    const res = await preflight(appUrl(), allowed);
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("x-request-id")).toMatch(uuidPattern);
  });

  it("adds no Allow-Origin to an actual call", async () => {
    const res = await v1("/api/v1/models", { key, headers: { Origin: allowed } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("CORS with CORS_ORIGINS=https://app.example.com", () => {
  let app: AppServer;
  let corsKey: string;
  beforeAll(async () => {
    app = await startApp(ports.corsList, { CORS_ORIGINS: allowed });
    corsKey = (await createKey(await guestSession(app.url))).key;
  }, 60_000);
  afterAll(() => app?.stop());

  it.each(["/api/v1/chat", "/api/v1/chat/completions", "/api/v1/models", "/api/v1/templates/blog-post"])(
    "answers a preflight to %s from the allowed origin: 204 with the allowed origin, methods, headers and max age",
    async (route) => {
      const res = await preflight(app.url, allowed, route);
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(allowed);
      expect(res.headers.get("access-control-allow-methods")).toMatch(/\bPOST\b/);
      expect(res.headers.get("access-control-allow-methods")).toMatch(/\bGET\b/);
      const allowHeaders = res.headers.get("access-control-allow-headers")!.toLowerCase();
      for (const header of ["authorization", "x-api-key", "content-type"]) expect(allowHeaders).toContain(header);
      expect(Number(res.headers.get("access-control-max-age"))).toBeGreaterThan(0);
      expect(res.headers.get("access-control-allow-credentials")).toBeNull();
      expect(res.headers.get("vary")).toMatch(/Origin/i);
      expect(await res.text()).toBe("");
    },
  );

  it("lets a browser page use the official openai SDK: the preflight allows every header the SDK sends", async () => {
    // The headers the SDK puts on a request (in a browser it sends the same X-Stainless-* names).
    let sent: string[] = [];
    const sdk = new OpenAI({
      apiKey: corsKey,
      baseURL: `${app.url}/api/v1`,
      maxRetries: 0,
      fetch: async (url, init) => {
        sent = [...new Headers(init?.headers).keys()];
        return fetch(url, init);
      },
    });
    await sdk.models.list();
    // What a browser asks about: all but the CORS-safelisted and the browser-controlled headers.
    const asked = sent.filter((h) => !["accept", "accept-language", "content-language", "user-agent", "content-length"].includes(h));
    expect(asked).toEqual(expect.arrayContaining(["authorization", "x-stainless-lang", "x-stainless-retry-count"]));
    const res = await fetch(`${app.url}/api/v1/chat/completions`, {
      method: "OPTIONS",
      headers: { Origin: allowed, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": [...asked, "content-type"].join(",") },
    });
    expect(res.headers.get("access-control-allow-origin")).toBe(allowed);
    const allowHeaders = (res.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(/\s*,\s*/);
    // `*` allows any header but Authorization, which must be named.
    const refused = [...asked, "content-type"].filter((h) => !allowHeaders.includes(h) && !(allowHeaders.includes("*") && h !== "authorization"));
    expect(refused).toEqual([]);
  });

  it("answers a preflight from another origin without Allow-Origin", async () => {
    const res = await preflight(app.url, "https://evil.example.net");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-methods")).toBeNull();
    expect(res.headers.get("vary")).toMatch(/Origin/i);
  });

  it("lets the allowed origin read an actual answer and its request id and rate-limit headers", async () => {
    const res = await v1("/api/v1/models", { base: app.url, key: corsKey, headers: { Origin: allowed } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(allowed);
    expect(res.headers.get("vary")).toMatch(/Origin/i);
    const exposed = res.headers.get("access-control-expose-headers")!.toLowerCase().split(/\s*,\s*/);
    expect(exposed).toEqual(
      expect.arrayContaining(["x-request-id", "retry-after", "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests"]),
    );
    expect(res.headers.get("x-ratelimit-limit-requests")).toEqual(expect.any(String));
  });

  it("lets the allowed origin read an error too", async () => {
    const res = await v1("/api/v1/models", { base: app.url, headers: { Origin: allowed } });
    expect(res.status).toBe(401);
    expect(res.headers.get("access-control-allow-origin")).toBe(allowed);
  });

  it("gives another origin's actual call no Allow-Origin", async () => {
    const res = await v1("/api/v1/models", { base: app.url, key: corsKey, headers: { Origin: "https://evil.example.net" } });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("keeps CORS off the browser routes (sessions ride on cookies there)", async () => {
    const res = await fetch(`${app.url}/api/status`, { headers: { Origin: allowed } });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("CORS with CORS_ORIGINS=*", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startApp(ports.corsAny, { CORS_ORIGINS: "*" });
  }, 60_000);
  afterAll(() => app?.stop());

  it.each(["https://app.example.com", "http://localhost:5173", "https://anyone.example.org"])("allows %s", async (origin) => {
    const res = await preflight(app.url, origin);
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    const actual = await fetch(`${app.url}/api/v1/models`, { headers: { Origin: origin } });
    expect(actual.headers.get("access-control-allow-origin")).toBe("*");
  });
});

// ---------------------------------------------------------------- the `npm run api-key` CLI

const root = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run api-key -- …` as the script runs it (tsx with the react-server condition), on one store. */
async function cli(store: Record<string, string>, ...args: string[]): Promise<CliResult> {
  const env = testAppEnv(store) as NodeJS.ProcessEnv;
  try {
    const { stdout, stderr } = await run(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/api-key.ts", ...args], {
      cwd: root,
      env,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/**
 * A store the app has not opened yet: a fresh DATA_DIR (embedded PGlite), or with
 * TEST_DATABASE_URL a fresh PostgreSQL database — the CLI and then the app get the same one.
 */
async function freshStore(): Promise<Record<string, string>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "draftwise-cli-"));
  const databaseUrl = await freshDatabase();
  return databaseUrl ? { DATA_DIR: dataDir, DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir };
}

describe("npm run api-key (the operator's CLI)", () => {
  let store: Record<string, string>;
  let app: AppServer | undefined;
  beforeAll(async () => {
    store = await freshStore();
  });
  afterAll(() => app?.stop());

  const email = "operator@example.test";

  it("mints a key while the app is stopped; the app then accepts it; list shows it; revoke ends it", { timeout: 180_000 }, async () => {
    const created = await cli(store, "create", "--email", email, "--name", "Nightly export", "--rpm", "100", "--daily-tokens", "50000");
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(apiKeyPattern);
    expect(created.stderr).toContain("Created the account");
    expect(created.stderr).toContain(email);
    expect(created.stderr).not.toContain(secret);

    const second = await cli(store, "create", "--email", email, "--name", "Second");
    expect(second.code).toBe(0);
    expect(second.stderr).not.toContain("Created the account");
    expect(second.stdout.trim()).toMatch(apiKeyPattern);

    const listed = await cli(store, "list", "--email", email);
    expect(listed.code).toBe(0);
    const row = listed.stdout.split("\n").find((line) => line.includes(secret.slice(0, 9)));
    expect(row).toContain("active");
    expect(row).toContain("Nightly export");
    expect(listed.stdout).not.toContain(secret);
    const keyId = row!.split("\t")[0]!;

    app = await startApp(ports.cli, store);
    const models = await v1("/api/v1/models", { base: app.url, key: secret });
    expect(models.status).toBe(200);
    expect(models.headers.get("x-ratelimit-limit-requests")).toBe("100");
    await app.stop();

    const revoked = await cli(store, "revoke", "--email", email, "--id", keyId);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain("Revoked");
    expect((await cli(store, "list", "--email", email)).stdout).toMatch(new RegExp(`${keyId}\\t\\S+\\trevoked`));

    app = await startApp(ports.cli, store);
    await expectApiError(await v1("/api/v1/models", { base: app.url, key: secret }), 401, "invalid_api_key");
    await app.stop();
  });

  const bad: Array<[string, string[], RegExp]> = [
    ["no --name", ["create", "--email", "a@example.test"], /name/i],
    ["a blank --name", ["create", "--email", "a@example.test", "--name", "  "], /name/i],
    ["no --email", ["create", "--name", "k"], /--email/],
    ["an invalid --email", ["create", "--email", "not-an-email", "--name", "k"], /--email/],
    ["a past --expires-at", ["create", "--email", "a@example.test", "--name", "k", "--expires-at", "2020-01-01T00:00:00Z"], /expires_at must be in the future/],
    ["an --expires-at that is not a date", ["create", "--email", "a@example.test", "--name", "k", "--expires-at", "soon"], /expires_at/],
    ["a limit that is not a number", ["create", "--email", "a@example.test", "--name", "k", "--rpm", "lots"], /--rpm/],
    ["an unknown command", ["rotate", "--email", "a@example.test"], /Unknown command/],
    ["list for an unknown account", ["list", "--email", "nobody@example.test"], /No account/],
    ["revoke without a key id", ["revoke", "--email", "operator@example.test"], /--id/],
  ];
  it.each(bad)("exits non-zero with a clear message for %s", { timeout: 60_000 }, async (_name, args, message) => {
    const result = await cli(store, ...args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).not.toMatch(/dw_[0-9A-Za-z]{40}/);
  });

  it("leaves no account behind when it refuses to create a key", { timeout: 60_000 }, async () => {
    const late = "late-operator@example.test";
    const refused = await cli(store, "create", "--email", late, "--name", "k", "--expires-at", "2020-01-01T00:00:00Z");
    expect(refused.code).not.toBe(0);
    const listed = await cli(store, "list", "--email", late);
    expect(listed.stderr).toContain("No account");
  });

  it("prints its usage with --help and exits 0", { timeout: 60_000 }, async () => {
    const result = await cli(store, "--help");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("create --email");
  });
});
