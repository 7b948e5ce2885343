import { homedir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultLocalModelId, localModelCatalog } from "@/lib/ai/local-models";
import { modelsDir, ModelReferenceError, parseModelReference } from "@/lib/server/ai/local/reference";

const hfEndpoint = "https://hf.example";
const parse = (input: string) => parseModelReference(input, { hfEndpoint });
const sha = "ab".repeat(32);

describe("parsing a model reference", () => {
  it("turns a catalog id into a Hugging Face download with the catalog's name, size and licence", () => {
    const entry = localModelCatalog.find((e) => e.id === defaultLocalModelId)!;
    expect(parse(defaultLocalModelId)).toEqual({
      kind: "download",
      ref: defaultLocalModelId,
      url: "https://hf.example/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf",
      fileName: entry.fileName,
      label: entry.label,
      approxBytes: entry.approxBytes,
      licence: "Apache-2.0",
    });
    expect(parse("  QWEN2.5-0.5B-Instruct ")).toMatchObject({ kind: "download", ref: "qwen2.5-0.5b-instruct", fileName: "qwen2.5-0.5b-instruct-q4_k_m.gguf" });
  });

  it("resolves hf:<owner>/<repo>/<path> against HF_ENDPOINT, keeping folders and encoding each segment", () => {
    expect(parseModelReference("hf:me/my-models/q4/My Model.gguf", { hfEndpoint: "http://127.0.0.1:9/mirror/" })).toEqual({
      kind: "download",
      ref: "hf:me/my-models/q4/My Model.gguf",
      url: "http://127.0.0.1:9/mirror/me/my-models/resolve/main/q4/My%20Model.gguf",
      fileName: "My Model.gguf",
      label: "My Model.gguf (me/my-models)",
    });
  });

  it("recognises an hf: reference to a catalog model and keeps a pinned #sha256 (lower-cased)", () => {
    const entry = localModelCatalog[0]!;
    expect(parse(entry.ref)).toMatchObject({ ref: entry.ref, label: entry.label, licence: entry.licence, approxBytes: entry.approxBytes });
    expect(parse(`hf:a/b/c.gguf#sha256=${sha.toUpperCase()}`)).toMatchObject({ sha256: sha, fileName: "c.gguf" });
  });

  it("takes an http(s) URL of a .gguf file, with an optional #sha256 pin that is not sent to the host", () => {
    expect(parse(`https://models.example/files/tiny%20one.gguf?download=1#sha256=${sha}`)).toEqual({
      kind: "download",
      ref: `https://models.example/files/tiny%20one.gguf?download=1#sha256=${sha}`,
      url: "https://models.example/files/tiny%20one.gguf?download=1",
      fileName: "tiny one.gguf",
      label: "tiny one.gguf (models.example)",
      sha256: sha,
    });
    expect(parse("http://127.0.0.1:3470/files/x.gguf")).toMatchObject({ kind: "download", url: "http://127.0.0.1:3470/files/x.gguf", fileName: "x.gguf" });
  });

  it("reads anything path-like as a file: absolute, relative to the working directory, or under ~", () => {
    expect(parse("/models/a.gguf")).toEqual({ kind: "file", path: path.resolve("/models/a.gguf") });
    expect(parse("./data/models/b.gguf")).toEqual({ kind: "file", path: path.resolve("data/models/b.gguf") });
    expect(parse("c.gguf")).toEqual({ kind: "file", path: path.resolve("c.gguf") });
    expect(parse("~/models/d.gguf")).toEqual({ kind: "file", path: path.join(homedir(), "models/d.gguf") });
    expect(parse("models/e")).toEqual({ kind: "file", path: path.resolve("models/e") });
  });

  it.each([
    ["", /empty/],
    ["llama-99b", /not a known model id nor a path.*qwen2\.5-1\.5b-instruct/],
    ["hf:owner/file.gguf", /hf:<owner>\/<repo>\/<file>\.gguf/],
    ["hf:owner/repo/../x.gguf", /not a Hugging Face reference/],
    ["hf:owner/repo/model.bin", /does not name a \.gguf file/],
    ["https://example.com/model", /does not name a \.gguf file/],
    ["https://example.com/m.gguf#sha256=123", /sha256=<the file's SHA-256 as 64 hex digits>/],
    ["https://example.com/m.gguf#latest", /the part after # must be sha256=/],
    ["ftp://example.com/m.gguf", /ftp:\/\/ is not supported/],
  ])("refuses %j with a message saying what to write", (input, message) => {
    expect(() => parse(input)).toThrow(ModelReferenceError);
    expect(() => parse(input)).toThrow(message);
  });
});

describe("the models folder", () => {
  it("is DATA_DIR/models, absolute", () => {
    expect(modelsDir("./data")).toBe(path.resolve("data/models"));
    expect(modelsDir("/var/draftwise")).toBe("/var/draftwise/models");
  });
});
