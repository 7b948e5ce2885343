import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkModelFile, ModelFileError, readGgufInfo } from "@/lib/server/ai/local/gguf";
import { tinyModelBytes, writeTinyModel } from "../fixtures/gguf/write-model";

const dir = mkdtempSync(path.join(tmpdir(), "draftwise-gguf-"));
const file = (name: string, bytes: Buffer) => {
  const at = path.join(dir, name);
  writeFileSync(at, bytes);
  return at;
};

describe("the generated test model", () => {
  it("is a small llama GGUF with the metadata llama.cpp needs, written the same for the same seed", async () => {
    const at = path.join(dir, "tiny.gguf");
    const size = writeTinyModel(at);
    expect(size).toBeLessThan(1_000_000);
    const info = await checkModelFile(at);
    expect(info.version).toBe(3);
    expect(info.metadata.get("general.architecture")).toBe("llama");
    expect(info.metadata.get("llama.embedding_length")).toBe(64);
    expect(info.metadata.get("llama.block_count")).toBe(2);
    expect(info.metadata.get("tokenizer.ggml.tokens")).toMatchObject({ length: expect.any(Number) });
    expect(String(info.metadata.get("tokenizer.chat_template"))).toContain("<|im_start|>");
    expect(info.tensorCount).toBe(21n);
    // Every byte of the file is tensor data or header: the computed extent is the file's size.
    expect(info.requiredBytes).toBe(BigInt(size));
    expect(tinyModelBytes({ seed: 7 }).equals(tinyModelBytes({ seed: 7 }))).toBe(true);
    expect(tinyModelBytes({ seed: 7 }).equals(tinyModelBytes({ seed: 8 }))).toBe(false);
  });
});

describe("checking a model file before llama.cpp loads it", () => {
  it.each(["llama.feed_forward_length", "llama.attention.head_count", "tokenizer.ggml.tokens", "llama.attention.layer_norm_rms_epsilon"])(
    "refuses a model without %s, naming it (llama.cpp would abort the process)",
    async (key) => {
      const at = file(`no-${key}.gguf`, tinyModelBytes({ omitKey: key }));
      await expect(checkModelFile(at)).rejects.toThrow(new RegExp(`lacks metadata llama.cpp needs: .*${key.replaceAll(".", "\\.")}`));
    },
  );

  it("refuses a truncated file, a file that is not GGUF and a missing file with a clear ModelFileError", async () => {
    const whole = tinyModelBytes();
    await expect(readGgufInfo(file("truncated.gguf", whole.subarray(0, 2_000)))).rejects.toThrow(/truncated/);
    await expect(readGgufInfo(file("text.gguf", Buffer.from("this is a text file, not a model at all")))).rejects.toThrow(/not a GGUF model file/);
    await expect(readGgufInfo(path.join(dir, "absent.gguf"))).rejects.toThrow(/No model file at/);
    const corrupt = Buffer.from(whole);
    corrupt.writeBigUInt64LE(1n << 40n, 16); // an absurd metadata count
    await expect(readGgufInfo(file("corrupt.gguf", corrupt))).rejects.toBeInstanceOf(ModelFileError);
  });
});

describe("an interrupted download", () => {
  it("is refused before llama.cpp sees it, saying how many bytes are missing", async () => {
    const whole = tinyModelBytes({ seed: 3 });
    const cut = file("cut.gguf", whole.subarray(0, whole.length - 1000));
    await expect(checkModelFile(cut)).rejects.toThrow(ModelFileError);
    await expect(checkModelFile(cut)).rejects.toThrow(`it has ${whole.length - 1000} bytes but its tensors need ${whole.length}`);
  });
});
