import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalModelStatusJson } from "@/lib/contracts/local-model";
import { startApp, type AppServer } from "../../fixtures/app-server";
import { expectError } from "../helpers";
import { Session, guestSession, registeredSession, signUp, testPassword } from "../session";

/**
 * The embedded model's download changes the server for everyone (issue 16, item 8): only an
 * administrator may start or cancel it (ADMIN_EMAILS; unset, any signed-in account, never a
 * guest), and no answer tells a visitor where the server keeps its files.
 */

const port = Number(process.env.API_TEST_PORT ?? 3210) + 300;
const noProvider = { OLLAMA_DETECT: "false", HF_ENDPOINT: "http://127.0.0.1:9" };
const adminEmail = `admin-${Math.random().toString(36).slice(2, 8)}@example.test`;
const opsEmail = `ops-${Math.random().toString(36).slice(2, 8)}@example.test`;

let open: AppServer;
let administered: AppServer;
beforeAll(async () => {
  [open, administered] = await Promise.all([
    startApp(port, { ...noProvider, LOCAL_MODEL: "" }),
    // A model file path, so the admin's POST is refused for that (422) and its message can be checked for paths.
    startApp(port + 1, { ...noProvider, LOCAL_MODEL: "/srv/private-models/writer.gguf", ADMIN_EMAILS: ` ${adminEmail.toUpperCase()} , ${opsEmail}` }),
  ]);
});
afterAll(async () => {
  await Promise.all([open?.stop(), administered?.stop()]);
});

const status = async (session: Session) => (await (await session.json("/api/local-model")).json()) as LocalModelStatusJson;
const start = (session: Session) => session.fetch("/api/local-model/download", { method: "POST" });
const cancel = (session: Session) => session.fetch("/api/local-model/download", { method: "DELETE" });

describe("who may download the embedded model", () => {
  it("a guest can neither start nor cancel the server's download, and the notice is told why", async () => {
    const guest = await guestSession(open.url);
    const refused = await expectError(await start(guest), 403, "admin_only");
    expect(refused.message).toMatch(/sign up or sign in/);
    await expectError(await cancel(guest), 403, "admin_only");
    expect(await status(guest)).toMatchObject({ canDownload: false, downloadRefusal: refused.message, download: { state: "idle" } });
  });

  it("without ADMIN_EMAILS any signed-in account may", async () => {
    const { session } = await registeredSession(open.url);
    expect(await status(session)).toMatchObject({ canDownload: true });
    expect((await start(session)).status).toBe(202);
    expect((await cancel(session)).status).toBe(200);
  });

  it("with ADMIN_EMAILS only the accounts it lists may; others are told who may", async () => {
    const { session } = await registeredSession(administered.url);
    const refused = await expectError(await start(session), 403, "admin_only");
    expect(refused.message).toContain("ADMIN_EMAILS");
    await expectError(await cancel(session), 403, "admin_only");
    expect(await status(session)).toMatchObject({ canDownload: false, downloadRefusal: refused.message });

    const admin = new Session(administered.url);
    expect(await signUp(admin, { email: adminEmail, password: testPassword })).toMatchObject({ signedIn: true });
    expect(await status(admin)).toMatchObject({ canDownload: true });
    // Past the check: refused only because LOCAL_MODEL names a file.
    await expectError(await start(admin), 422, "unprocessable_request");
  });
});

describe("server paths", () => {
  it("no answer about the embedded model names a folder of the server", async () => {
    const guest = await guestSession(open.url);
    const admin = new Session(administered.url);
    expect(await signUp(admin, { email: opsEmail, password: testPassword })).toMatchObject({ signedIn: true });
    const bodies = [
      await (await guest.json("/api/local-model")).text(),
      await (await fetch(`${open.url}/api/status`)).text(),
      await (await fetch(`${administered.url}/api/status`)).text(),
      await (await admin.json("/api/local-model")).text(),
      await (await start(admin)).text(),
    ];
    for (const body of bodies) {
      expect(body).not.toContain(open.dataDir);
      expect(body).not.toContain(administered.dataDir);
      expect(body).not.toContain("/srv/private-models");
    }
    expect(bodies[3]).toContain("writer.gguf");
  });
});
