import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultLocalModelId, localModelCatalog } from "@/lib/ai/local-models";
import type { LocalModelStatusJson } from "@/lib/contracts/local-model";
import { startApp, type AppServer } from "../fixtures/app-server";
import { tinyModelBytes } from "../fixtures/gguf/write-model";
import { startModelServer, type ModelServer } from "../fixtures/model-server";
import { appUrl, expectError, waitFor } from "./helpers";
import { registeredSession } from "./session";

/**
 * The setup notice's side of the embedded model: GET /api/local-model (what LOCAL_MODEL names,
 * the download's state, whether the download host answers), POST /api/local-model/download
 * (starts or joins the one download: 202) and DELETE (cancels), as signed-in accounts (guests may
 * not: tests/api/security/local-model-admin.test.ts), on instances with no provider and a
 * stand-in for Hugging Face serving a generated model.
 */

/** A new signed-in account's Cookie header on `base`. */
const accountCookie = async (base: string) => (await registeredSession(base)).session.cookieHeader();

const port = Number(process.env.API_TEST_PORT ?? 3210) + 274;
const entry = localModelCatalog.find((m) => m.id === defaultLocalModelId)!;
const noProvider = { OLLAMA_DETECT: "false", LOCAL_MODEL: "" };

const apps: AppServer[] = [];
async function app(portOffset: number, env: Record<string, string>) {
  const started = await startApp(port + portOffset, env);
  apps.push(started);
  return { base: started.url, cookie: await accountCookie(started.url), server: started };
}
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
});

function call(base: string, cookie: string | undefined, method: "GET" | "POST" | "DELETE") {
  const route = method === "GET" ? "/api/local-model" : "/api/local-model/download";
  return fetch(`${base}${route}`, { method, headers: cookie ? { cookie } : {} });
}

async function json(res: Response): Promise<LocalModelStatusJson> {
  return (await res.json()) as LocalModelStatusJson;
}

describe("downloading the embedded model from the setup notice", () => {
  const files: Record<string, Buffer> = {};
  const model = tinyModelBytes();
  let models: ModelServer;
  let base: string;
  let cookie: string;
  let server: AppServer;

  beforeAll(async () => {
    // About 6 s for the 0.6 MB model: time to join and to cancel midway.
    models = await startModelServer({ files, bytesPerSecond: 100_000 });
    ({ base, cookie, server } = await app(0, { ...noProvider, HF_ENDPOINT: models.url }));
  });
  afterAll(async () => {
    await models?.close();
  });

  const modelRequests = () => models.requests.filter((r) => r.method === "GET" && r.path.endsWith(`/${entry.fileName}`));

  it("names the default model and an idle download; the host answers", async () => {
    const res = await call(base, cookie, "GET");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await json(res)).toEqual({
      reference: {
        kind: "download",
        ref: expect.any(String),
        label: entry.label,
        fileName: entry.fileName,
        approxBytes: entry.approxBytes,
        licence: entry.licence,
      },
      present: false,
      download: { state: "idle", receivedBytes: 0 },
      online: true,
      canDownload: true,
    });
    expect(models.requests.some((r) => r.method === "HEAD")).toBe(true);
  });

  it("records a failed download (404) with its code and message", async () => {
    const started = await call(base, cookie, "POST");
    expect(started.status).toBe(202);
    const failed = await waitFor(async () => {
      const status = await json(await call(base, cookie, "GET"));
      return status.download.state === "error" ? status : undefined;
    });
    expect(failed.download.error).toMatchObject({ code: "not_found", message: expect.stringContaining("404") });
    expect(failed.online).toBe(true);
  });

  it("starts once, lets a second request join, cancels and keeps the partial file", async () => {
    files[entry.fileName] = model;
    const before = modelRequests().length;
    const first = await call(base, cookie, "POST");
    expect(first.status).toBe(202);
    expect(first.headers.get("location")).toBe("/api/local-model");
    expect((await json(first)).download.state).toBe("downloading");

    const running = await waitFor(async () => {
      const status = await json(await call(base, cookie, "GET"));
      return status.download.receivedBytes > 0 ? status : undefined;
    });
    expect(running.download).toMatchObject({ state: "downloading", totalBytes: model.length });

    // Another account's POST joins the running download.
    const joined = await call(base, await accountCookie(base), "POST");
    expect(joined.status).toBe(202);
    expect((await json(joined)).download.state).toBe("downloading");
    expect(modelRequests().length).toBe(before + 1);

    const cancelled = await call(base, cookie, "DELETE");
    expect(cancelled.status).toBe(200);
    expect((await json(cancelled)).download.state).toBe("idle");
    const dir = path.resolve(server.dataDir, "models");
    expect(readdirSync(dir)).toEqual([`${entry.fileName}.part`]);

    // Nothing runs: cancelling again is harmless.
    expect((await json(await call(base, cookie, "DELETE"))).download.state).toBe("idle");
  });

  it("resumes, verifies and activates the local model; a later POST is refused with 409", async () => {
    expect((await call(base, cookie, "POST")).status).toBe(202);
    const done = await waitFor(async () => {
      const status = await json(await call(base, cookie, "GET"));
      return status.download.state === "done" || status.download.state === "error" ? status : undefined;
    }, 20_000);
    expect(done.download).toEqual({ state: "done", receivedBytes: model.length, totalBytes: model.length });
    expect(done.present).toBe(true);
    expect(modelRequests().at(-1)?.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(existsSync(path.resolve(server.dataDir, "models", entry.fileName))).toBe(true);

    const status = (await (await fetch(`${base}/api/status`)).json()) as { configured: boolean; provider: string };
    expect(status).toMatchObject({ configured: true, provider: "local" });
    await expectError(await call(base, cookie, "POST"), 409, "model_already_configured");
  });
});

describe("when there is nothing to download", () => {
  it("answers 409 when a provider is configured", async () => {
    await expectError(await call(appUrl(), await accountCookie(appUrl()), "POST"), 409, "model_already_configured");
  });

  it("answers 422 with LOCAL_MODEL=off, and says there is no embedded model", async () => {
    const { base, cookie } = await app(1, { ...noProvider, LOCAL_MODEL: "off", HF_ENDPOINT: "http://127.0.0.1:9" });
    expect(await json(await call(base, cookie, "GET"))).toMatchObject({ reference: null, present: false, online: false });
    const error = await expectError(await call(base, cookie, "POST"), 422, "unprocessable_request");
    expect(error.message).toContain("LOCAL_MODEL=off");
  });

  it("answers 422 when LOCAL_MODEL names a file; a missing file is not present, the host is not asked", async () => {
    const { base, cookie } = await app(2, { ...noProvider, LOCAL_MODEL: "/nowhere/model.gguf", HF_ENDPOINT: "http://127.0.0.1:9" });
    expect(await json(await call(base, cookie, "GET"))).toMatchObject({
      reference: { kind: "file", fileName: "model.gguf" },
      present: false,
      online: false,
    });
    const error = await expectError(await call(base, cookie, "POST"), 422, "unprocessable_request");
    expect(error.message).toContain("names a model file");
  });

  it("reports the host unreachable when nothing answers there", async () => {
    const { base, cookie } = await app(3, { ...noProvider, HF_ENDPOINT: "http://127.0.0.1:9" });
    const started = Date.now();
    expect(await json(await call(base, cookie, "GET"))).toMatchObject({ online: false, download: { state: "idle" } });
    expect(Date.now() - started).toBeLessThan(3_500);
  });
});
