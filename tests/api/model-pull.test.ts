import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tinyModelBytes } from "../fixtures/gguf/write-model";
import { startModelServer, type ModelServer, type ModelServerOptions } from "../fixtures/model-server";

/**
 * `npm run model:pull` as an operator runs it: the CLI in a child process (no TTY, so a line per
 * 10 %), with DATA_DIR in a temporary folder and HF_ENDPOINT pointing at a local stand-in for
 * Hugging Face serving a generated model. It needs no app instance.
 */

const root = path.resolve(import.meta.dirname, "../..");
const PORT = 3472;
const model = tinyModelBytes();
const modelSha = createHash("sha256").update(model).digest("hex");
const defaultFile = "qwen2.5-1.5b-instruct-q4_k_m.gguf";

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(options: Partial<ModelServerOptions> = {}) {
  server = await startModelServer({ files: { "tiny.gguf": model, [defaultFile]: model }, port: PORT, ...options });
  return server;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  dataDir: string;
  models: string;
}

/** Runs the CLI to the end; `onStdout` sees the output so far and may signal the process. */
function pull(args: string[], options: { env?: Record<string, string>; dataDir?: string; onStdout?: (text: string, kill: (s: NodeJS.Signals) => void) => void } = {}): Promise<Run> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "draftwise-pull-"));
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.LOCAL_MODEL;
  Object.assign(env, { DATA_DIR: dataDir, HF_ENDPOINT: `http://127.0.0.1:${PORT}`, NO_COLOR: "1" }, options.env);
  // As `npm run model:pull` runs it (tsx --conditions=react-server scripts/model-pull.ts), in one process so signals reach it.
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/model-pull.ts", ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    options.onStdout?.(stdout, (signal) => child.kill(signal));
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, dataDir, models: path.join(dataDir, "models") }));
  });
}

const percentLines = (stdout: string) => [...stdout.matchAll(/^\s*(\d+)%\s+[\d.]+\/[\d.]+ MB/gm)].map((m) => Number(m[1]));
const listing = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

describe("npm run model:pull", () => {
  it("downloads the catalog's default model into DATA_DIR/models with a progress line per 10% and the verified SHA-256", async () => {
    await serve({ bytesPerSecond: 600_000, redirect: true });
    const run = await pull([]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Model: Qwen2.5 1.5B Instruct (Q4_K_M) (Apache-2.0, about 1.12 GB)");
    expect(run.stdout).toContain(`From:  http://127.0.0.1:${PORT}/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/${defaultFile}`);
    const percents = percentLines(run.stdout);
    expect(percents.length).toBeGreaterThanOrEqual(6);
    expect(percents).toEqual([...new Set(percents)].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    expect(run.stdout).toMatch(/\d+%\s+[\d.]+\/0\.6 MB\s+[\d.]+ MB\/s\s+ETA \d+:\d\d/);
    expect(run.stdout).toContain(`SHA-256 verified: ${modelSha}`);
    expect(run.stdout).toContain(`Saved 577 kB to ${path.join(run.models, defaultFile)}`);
    expect(run.stdout).toContain("Draftwise uses it when no other provider is configured");
    expect(listing(run.models)).toEqual([defaultFile]);
    expect(readFileSync(path.join(run.models, defaultFile)).equals(model)).toBe(true);
  });

  it("downloads what LOCAL_MODEL names when it is a reference, and a second run finds it already there", async () => {
    await serve();
    const first = await pull([], { env: { LOCAL_MODEL: "hf:test/models/tiny.gguf" } });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`SHA-256 verified: ${modelSha}`);
    expect(first.stdout).toContain("LOCAL_MODEL names this model: a running Draftwise picks it up within a few seconds.");
    expect(listing(first.models)).toEqual(["tiny.gguf"]);

    const second = await pull([], { env: { LOCAL_MODEL: "hf:test/models/tiny.gguf" }, dataDir: first.dataDir });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`Already downloaded: ${path.join(first.models, "tiny.gguf")} (577 kB), SHA-256 ${modelSha}`);
    expect(server!.requests).toHaveLength(1);
  });

  it("downloads a reference given on the command line and says how to point LOCAL_MODEL at it", async () => {
    await serve({ announceSha256: false });
    const ref = `http://127.0.0.1:${PORT}/files/tiny.gguf#sha256=${modelSha}`;
    const run = await pull([ref]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`SHA-256 verified: ${modelSha}`);
    expect(run.stdout).toContain(`To use it, set LOCAL_MODEL=${ref} (or LOCAL_MODEL=${path.join(run.models, "tiny.gguf")})`);
  });

  it("fails with exit code 1 and deletes the file when its SHA-256 does not match", async () => {
    await serve({ wrongSha256: true });
    const run = await pull(["hf:test/models/tiny.gguf"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^Download failed: The downloaded file's SHA-256 \\(${modelSha}\\) is not the expected [0-9a-f]{64} \\(announced by the host\\).*It was deleted`));
    expect(run.stdout).not.toContain("SHA-256 verified");
    expect(listing(run.models)).toEqual([]);
  });

  it("fails with exit code 1 and a clear message when the file does not exist on the host (404)", async () => {
    await serve();
    const run = await pull(["hf:test/models/missing.gguf"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Download failed: missing\.gguf \(test\/models\) was not found: .*answered HTTP 404\. Check the reference/);
    expect(listing(run.models)).toEqual([]);
  });

  it("fails with exit code 1 when the host serves something that is not a GGUF model, keeping nothing", async () => {
    await serve({ files: { "login.gguf": Buffer.from("<!doctype html><title>Sign in</title>".repeat(200)) } });
    const run = await pull(["hf:test/models/login.gguf"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Download failed: .*is not a GGUF model file/);
    expect(listing(run.models)).toEqual([]);
  });

  it("refuses a file without a known checksum unless --allow-unverified is given", async () => {
    await serve({ announceSha256: false });
    const refused = await pull(["hf:test/models/tiny.gguf"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/can't be verified.*--allow-unverified/);
    const allowed = await pull(["hf:test/models/tiny.gguf", "--allow-unverified"], { dataDir: refused.dataDir });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain(`SHA-256 NOT verified (--allow-unverified): ${modelSha}`);
  });

  it("resumes from a partial .part left by an interrupted run", async () => {
    await serve({ bytesPerSecond: 600_000 });
    const dataDir = mkdtempSync(path.join(tmpdir(), "draftwise-pull-"));
    mkdirSync(path.join(dataDir, "models"));
    writeFileSync(path.join(dataDir, "models", "tiny.gguf.part"), model.subarray(0, 300_000));
    const run = await pull(["hf:test/models/tiny.gguf"], { dataDir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Resuming after 300 kB already downloaded.");
    expect(percentLines(run.stdout)[0]).toBe(50);
    expect(run.stdout).toContain(`SHA-256 verified: ${modelSha}`);
    expect(server!.requests.map((r) => r.range)).toEqual(["bytes=300000-"]);
    expect(readFileSync(path.join(run.models, "tiny.gguf")).equals(model)).toBe(true);
  });

  it("stops on Ctrl-C (SIGINT) with exit code 130, keeping the .part, and the next run resumes it", async () => {
    await serve({ bytesPerSecond: 200_000 });
    let sent = false;
    const run = await pull(["hf:test/models/tiny.gguf"], {
      onStdout: (text, kill) => {
        if (!sent && /^\s*20%/m.test(text)) {
          sent = true;
          kill("SIGINT");
        }
      },
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`Stopped. The part downloaded so far is kept in ${path.join(run.models, "tiny.gguf.part")}: run npm run model:pull again to resume.`);
    const kept = statSync(path.join(run.models, "tiny.gguf.part")).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(model.length);
    expect(listing(run.models)).toEqual(["tiny.gguf.part"]);

    const again = await pull(["hf:test/models/tiny.gguf"], { dataDir: run.dataDir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Resuming after");
    expect(again.stdout).toContain(`SHA-256 verified: ${modelSha}`);
    expect(listing(run.models)).toEqual(["tiny.gguf"]);
  });

  it("checks the file instead of downloading when LOCAL_MODEL is a path", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "draftwise-pull-file-"));
    writeFileSync(path.join(dir, "mine.gguf"), model);
    writeFileSync(path.join(dir, "broken.gguf"), tinyModelBytes({ omitKey: "llama.attention.head_count" }));
    const good = await pull([], { env: { LOCAL_MODEL: path.join(dir, "mine.gguf") } });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain(`LOCAL_MODEL names a model file (${path.join(dir, "mine.gguf")}): there is nothing to download.`);
    expect(good.stdout).toContain("It is a usable GGUF model: draftwise-tiny-test (llama, GGUF v3).");
    const broken = await pull([], { env: { LOCAL_MODEL: path.join(dir, "broken.gguf") } });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/But it can't be used: The model file lacks metadata llama\.cpp needs: llama\.attention\.head_count/);
  });

  it("refuses a reference it can't read, naming the forms it accepts", async () => {
    const run = await pull(["llama-99b"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The reference: "llama-99b" is not a known model id nor a path: give a catalog id \(qwen2\.5-1\.5b-instruct, .*hf:<owner>\/<repo>\/<file>\.gguf/);
  });
});
