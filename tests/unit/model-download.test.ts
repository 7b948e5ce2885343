import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { downloadModel, ModelDownloadError, redirectTarget, type DownloadProgress } from "@/lib/server/ai/local/download";
import { parseModelReference, type DownloadReference } from "@/lib/server/ai/local/reference";
import { tinyModelBytes } from "../fixtures/gguf/write-model";
import { startModelServer, type ModelServer, type ModelServerOptions } from "../fixtures/model-server";

const PORT = 3471;
const model = tinyModelBytes();
const modelSha = createHash("sha256").update(model).digest("hex");

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(options: Partial<ModelServerOptions> = {}) {
  server = await startModelServer({ files: { "tiny.gguf": model }, port: PORT, ...options });
  return server;
}

const freshDir = () => mkdtempSync(path.join(tmpdir(), "draftwise-models-"));
const hf = (file = "tiny.gguf", pin?: string) =>
  parseModelReference(`hf:test/models/${file}${pin ? `#sha256=${pin}` : ""}`, { hfEndpoint: `http://127.0.0.1:${PORT}` }) as DownloadReference;

async function failure(promise: Promise<unknown>): Promise<ModelDownloadError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelDownloadError);
  return error as ModelDownloadError;
}

describe("downloading a model", () => {
  it("streams into a .part, reports progress, verifies the SHA-256 Hugging Face announces and renames the file into place", async () => {
    await serve({ bytesPerSecond: 2_000_000 });
    const dir = path.join(freshDir(), "models");
    const events: DownloadProgress[] = [];
    const result = await downloadModel({ reference: hf(), dir, onProgress: (p) => events.push({ ...p }) });

    expect(result).toEqual({ path: path.join(dir, "tiny.gguf"), sha256: modelSha, bytes: model.length, alreadyPresent: false, verified: true });
    expect(readFileSync(result.path).equals(model)).toBe(true);
    expect(readdirSync(dir)).toEqual(["tiny.gguf"]);
    const phases = [...new Set(events.map((e) => e.phase))];
    expect(phases).toEqual(["connecting", "downloading", "verifying", "done"]);
    const downloading = events.filter((e) => e.phase === "downloading");
    expect(downloading.length).toBeGreaterThan(5);
    expect(downloading.every((e) => e.totalBytes === model.length)).toBe(true);
    const received = downloading.map((e) => e.receivedBytes);
    expect(received).toEqual([...received].sort((a, b) => a - b));
    expect(received.at(-1)).toBe(model.length);
    expect(server!.requests).toEqual([{ method: "GET", path: "/test/models/resolve/main/tiny.gguf" }]);
  });

  it("reads the SHA-256 from the X-Linked-ETag of Hugging Face's redirect to its storage host", async () => {
    await serve({ redirect: true });
    const result = await downloadModel({ reference: hf(), dir: freshDir() });
    expect(result).toMatchObject({ sha256: modelSha, verified: true });
    expect(server!.requests.map((r) => r.path)).toEqual(["/test/models/resolve/main/tiny.gguf", "/files/tiny.gguf"]);
  });

  it("verifies against a checksum pinned in the reference, which takes precedence over the host's", async () => {
    await serve({ announceSha256: false });
    const url = parseModelReference(`http://127.0.0.1:${PORT}/files/tiny.gguf#sha256=${modelSha}`, { hfEndpoint: "" }) as DownloadReference;
    expect(await downloadModel({ reference: url, dir: freshDir() })).toMatchObject({ sha256: modelSha, verified: true });
    await server!.close();
    await serve({ wrongSha256: true });
    expect(await downloadModel({ reference: hf("tiny.gguf", modelSha), dir: freshDir() })).toMatchObject({ verified: true });
  });

  it("deletes the file and says so when the SHA-256 does not match the announced or pinned one", async () => {
    await serve({ wrongSha256: true });
    const dir = freshDir();
    const error = await failure(downloadModel({ reference: hf(), dir }));
    expect(error.code).toBe("checksum_mismatch");
    expect(error.message).toMatch(new RegExp(`SHA-256 \\(${modelSha}\\) is not the expected [0-9a-f]{64} \\(announced by the host\\).*It was deleted`));
    expect(readdirSync(dir)).toEqual([]);

    const pinned = await failure(downloadModel({ reference: hf("tiny.gguf", "0".repeat(64)), dir }));
    expect(pinned).toMatchObject({ code: "checksum_mismatch", message: expect.stringContaining("pinned by the reference") });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses a file nobody vouches for unless unverified files are allowed", async () => {
    await serve({ announceSha256: false });
    const dir = freshDir();
    const error = await failure(downloadModel({ reference: hf(), dir }));
    expect(error.code).toBe("no_checksum");
    expect(error.message).toMatch(/#sha256=.*--allow-unverified/);
    expect(existsSync(path.join(dir, "tiny.gguf"))).toBe(false);

    const result = await downloadModel({ reference: hf(), dir, allowUnverified: true });
    expect(result).toMatchObject({ sha256: modelSha, verified: false, alreadyPresent: false });
  });

  it("resumes an interrupted download with a Range request, hashing what was already there", async () => {
    await serve();
    const dir = freshDir();
    writeFileSync(path.join(dir, "tiny.gguf.part"), model.subarray(0, 200_000));
    const events: DownloadProgress[] = [];
    const result = await downloadModel({ reference: hf(), dir, onProgress: (p) => events.push({ ...p }) });
    expect(result).toMatchObject({ sha256: modelSha, bytes: model.length, verified: true });
    expect(readFileSync(result.path).equals(model)).toBe(true);
    expect(server!.requests).toEqual([{ method: "GET", path: "/test/models/resolve/main/tiny.gguf", range: "bytes=200000-" }]);
    expect(events[0]).toEqual({ phase: "connecting", receivedBytes: 200_000 });
    expect(events.find((e) => e.phase === "downloading")).toEqual({ phase: "downloading", receivedBytes: 200_000, totalBytes: model.length });
  });

  it("keeps what arrived when the connection drops, and the next call picks up from there", async () => {
    await serve({ dropAfterBytes: 150_000 });
    const dir = freshDir();
    const error = await failure(downloadModel({ reference: hf(), dir }));
    expect(error.code).toBe("network");
    expect(error.message).toMatch(/Run it again: it resumes where it stopped/);
    // What reached the disk before the drop (the write stream may not have flushed its last chunk): kept.
    const kept = statSync(path.join(dir, "tiny.gguf.part")).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(150_000);

    await server!.close();
    await serve();
    const result = await downloadModel({ reference: hf(), dir });
    expect(readFileSync(result.path).equals(model)).toBe(true);
    expect(server!.requests[0]!.range).toBe(`bytes=${kept}-`);
  });

  it("starts afresh when the .part is longer than the file on the host (416)", async () => {
    await serve();
    const dir = freshDir();
    writeFileSync(path.join(dir, "tiny.gguf.part"), Buffer.concat([model, Buffer.alloc(100)]));
    const result = await downloadModel({ reference: hf(), dir });
    expect(readFileSync(result.path).equals(model)).toBe(true);
    expect(server!.requests.map((r) => r.range)).toEqual([`bytes=${model.length + 100}-`, undefined]);
  });

  it("reports a missing file as not_found and other HTTP failures as http_error, leaving nothing behind", async () => {
    await serve({ failPaths: { "broken.gguf": 503, "gated.gguf": 403 } });
    const dir = freshDir();
    const missing = await failure(downloadModel({ reference: hf("absent.gguf"), dir }));
    expect(missing.code).toBe("not_found");
    expect(missing.message).toMatch(/absent\.gguf.*was not found.*HTTP 404.*Check the reference/);
    const broken = await failure(downloadModel({ reference: hf("broken.gguf"), dir }));
    expect(broken).toMatchObject({ code: "http_error", message: expect.stringMatching(/HTTP 503: the host is having trouble, try again later/) });
    const gated = await failure(downloadModel({ reference: hf("gated.gguf"), dir }));
    expect(gated).toMatchObject({ code: "http_error", message: expect.stringMatching(/HTTP 403.*gated or private/) });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("reports an unreachable host as a network error that suggests copying the file by hand", async () => {
    const error = await failure(downloadModel({ reference: hf(), dir: freshDir() }));
    expect(error.code).toBe("network");
    expect(error.message).toMatch(/Can't reach 127\.0\.0\.1:3471.*ECONNREFUSED.*copy a GGUF file into the models folder/);
  });

  it("refuses and deletes a file that is not a GGUF model, or a GGUF llama.cpp could not load", async () => {
    await serve({ files: { "page.gguf": Buffer.from("<html>Please sign in</html>".repeat(100)), "broken.gguf": tinyModelBytes({ omitKey: "llama.block_count" }) } });
    const dir = freshDir();
    const html = await failure(downloadModel({ reference: hf("page.gguf"), dir }));
    expect(html).toMatchObject({ code: "not_gguf", message: expect.stringContaining("is not a GGUF model file") });
    const broken = await failure(downloadModel({ reference: hf("broken.gguf"), dir }));
    expect(broken).toMatchObject({ code: "not_gguf", message: expect.stringMatching(/not a usable GGUF model: .*llama\.block_count.*It was deleted/) });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses a second download of the same file while one runs (a lock beside the .part), and takes over a lock left by a dead process", async () => {
    await serve({ bytesPerSecond: 600_000 });
    const dir = freshDir();
    const first = downloadModel({ reference: hf(), dir });
    await new Promise((r) => setTimeout(r, 100));
    const second = await failure(downloadModel({ reference: hf(), dir }));
    expect(second.code).toBe("in_progress");
    await first;
    expect(readdirSync(dir)).toEqual(["tiny.gguf"]);

    // A lock whose process is gone (a pid no process has) does not stop the next download.
    const other = freshDir();
    writeFileSync(path.join(other, "tiny.gguf.part.lock"), "4194303");
    await expect(downloadModel({ reference: hf(), dir: other })).resolves.toMatchObject({ verified: true });
    expect(readdirSync(other)).toEqual(["tiny.gguf"]);
  });

  it("follows redirects, but never from https to plain http", () => {
    const reference = hf();
    expect(redirectTarget("https://huggingface.co/a/b/resolve/main/x.gguf", "/api/x", reference)).toBe("https://huggingface.co/api/x");
    expect(redirectTarget("https://huggingface.co/x", "https://cdn.example/x?sig=1", reference)).toBe("https://cdn.example/x?sig=1");
    expect(redirectTarget("http://127.0.0.1:3471/x", "http://127.0.0.1:3471/files/x", reference)).toBe("http://127.0.0.1:3471/files/x");
    expect(() => redirectTarget("https://huggingface.co/x", "http://cdn.example/x", reference)).toThrow(/plain-http/);
  });

  it("takes a file already in the folder as it is, without a request", async () => {
    await serve();
    const dir = freshDir();
    writeFileSync(path.join(dir, "tiny.gguf"), model);
    const result = await downloadModel({ reference: hf(), dir });
    expect(result).toEqual({ path: path.join(dir, "tiny.gguf"), sha256: modelSha, bytes: model.length, alreadyPresent: true, verified: false });
    expect(server!.requests).toEqual([]);
    await expect(downloadModel({ reference: hf("tiny.gguf", "1".repeat(64)), dir })).rejects.toMatchObject({ code: "checksum_mismatch" });
  });

  it("stops when aborted, keeping the partial file for the next download to resume", async () => {
    await serve({ bytesPerSecond: 500_000 });
    const dir = freshDir();
    const controller = new AbortController();
    const error = await failure(
      downloadModel({
        reference: hf(),
        dir,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === "downloading" && p.receivedBytes >= 100_000) controller.abort();
        },
      }),
    );
    expect(error.code).toBe("aborted");
    const kept = statSync(path.join(dir, "tiny.gguf.part")).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(model.length);

    await server!.close();
    await serve();
    const result = await downloadModel({ reference: hf(), dir });
    expect(result).toMatchObject({ sha256: modelSha, verified: true });
    expect(server!.requests[0]!.range).toBe(`bytes=${kept}-`);
  });

  it("creates the models folder and reports when it can't be written", async () => {
    await serve();
    const base = freshDir();
    writeFileSync(path.join(base, "file"), "");
    const error = await failure(downloadModel({ reference: hf(), dir: path.join(base, "file", "models") }));
    expect(error).toMatchObject({ code: "disk", message: expect.stringMatching(/Can't write .*models.*DATA_DIR/) });
    mkdirSync(path.join(base, "ok"));
    expect((await downloadModel({ reference: hf(), dir: path.join(base, "ok", "deep", "models") })).path).toContain(path.join("deep", "models", "tiny.gguf"));
  });
});
