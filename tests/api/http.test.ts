import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { testAppEnv } from "../fixtures/app-server";
import { appUrl, expectError } from "./helpers";

describe("HTTP conventions", () => {
  it("answers unknown API paths with a JSON 404", async () => {
    await expectError(await fetch(`${appUrl()}/api/nope`), 404, "not_found");
    await expectError(await fetch(`${appUrl()}/api/nope/deeper`, { method: "POST" }), 404, "not_found");
  });

  it("refuses to start with an invalid environment and names the variable", async () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const child = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", "3219", "-H", "127.0.0.1"], {
      cwd: root,
      env: testAppEnv({ OPENAI_BASE_URL: "not a url", MODEL_TIMEOUT_MS: "soon" }) as NodeJS.ProcessEnv,
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        process.kill(-child.pid!, "SIGKILL");
        resolve(null);
      }, 20_000);
      child.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code).toBe(1);
    expect(output).toContain("OPENAI_BASE_URL");
    expect(output).toContain("MODEL_TIMEOUT_MS");
  });
});
