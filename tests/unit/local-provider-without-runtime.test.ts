import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

// A models folder with a model in it, and node-llama-cpp missing (an install without optional dependencies).
const dataDir = await vi.hoisted(async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = mkdtempSync(join(tmpdir(), "draftwise-no-runtime-"));
  process.env.DATA_DIR = dir;
  process.env.OLLAMA_DETECT = "false";
  process.env.LOG_LEVEL = "silent";
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_API_KEY", "LOCAL_MODEL"]) delete process.env[key];
  return dir;
});
vi.mock("@/lib/server/ai/local/runtime", async (importActual) => ({
  ...(await importActual<typeof import("@/lib/server/ai/local/runtime")>()),
  nodeLlamaCpp: async () => null,
}));

import { AppError } from "@/lib/errors";
import { modelStatus, resolveModel } from "@/lib/server/ai/providers";
import { writeTinyModel } from "../fixtures/gguf/write-model";

describe("a model file without node-llama-cpp installed", () => {
  it("is not used: the setup notice and the 503 say node-llama-cpp is missing", async () => {
    const source = path.join(mkdtempSync(path.join(tmpdir(), "draftwise-model-")), "m.gguf");
    writeTinyModel(source);
    mkdirSync(path.join(dataDir, "models"), { recursive: true });
    copyFileSync(source, path.join(dataDir, "models", "my-model.gguf"));

    const status = await modelStatus();
    expect(status).toMatchObject({ configured: false, provider: null });
    expect(status.setup!.message).toContain("node-llama-cpp, which runs it, is not installed");

    const error = await resolveModel(undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "model_not_configured", status: 503 });
    expect((error as AppError).message).toContain("run npm install");
  });
});
