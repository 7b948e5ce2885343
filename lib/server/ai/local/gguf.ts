import "server-only";
import { open, type FileHandle } from "node:fs/promises";

/**
 * Reads a GGUF file's header and metadata (not its tensors) and checks that llama.cpp can load
 * it: a file that lacks some keys makes llama.cpp abort the whole process with a native assert,
 * so a model file is checked here before it is handed over. Format:
 * https://github.com/ggml-org/ggml/blob/master/docs/gguf.md
 */

export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelFileError";
  }
}

/** Scalars as numbers, strings and booleans; arrays as their length only (token lists are long). */
export type GgufValue = number | bigint | string | boolean | { arrayOf: number; length: number };

export interface GgufInfo {
  version: number;
  tensorCount: bigint;
  metadata: Map<string, GgufValue>;
  fileSize: number;
  /** Bytes the file must have to hold every tensor (a lower bound where a tensor's type is not known here). */
  requiredBytes: bigint;
}

/** ggml tensor types: [elements per block, bytes per block] (ggml.c's type traits), for the sizes of common types. */
const BLOCKS: Record<number, [number, number]> = {
  0: [1, 4], 1: [1, 2], 2: [32, 18], 3: [32, 20], 6: [32, 22], 7: [32, 24], 8: [32, 34],
  10: [256, 84], 11: [256, 110], 12: [256, 144], 13: [256, 176], 14: [256, 210], 15: [256, 292],
  20: [32, 18], 23: [256, 136], 24: [1, 1], 25: [1, 2], 26: [1, 4], 27: [1, 8], 28: [1, 8], 30: [1, 2],
};

const TYPE_SIZES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;
/** Metadata larger than this is not a model file we should trust (real ones hold a few MB). */
const MAX_METADATA_BYTES = 256 * 1024 * 1024;
const MAX_STRING_BYTES = 64 * 1024 * 1024;

/** Buffered little-endian reads from a file handle. */
class Reader {
  private buffer = Buffer.alloc(0);
  private at = 0;
  /** File offset of buffer[0]. */
  private base = 0;
  constructor(
    private readonly file: FileHandle,
    private readonly size: number,
  ) {}

  get position() {
    return this.base + this.at;
  }

  private async need(n: number) {
    if (this.at + n <= this.buffer.length) return;
    if (this.position + n > this.size) throw new ModelFileError("The file ends in the middle of its header: it is truncated or not a GGUF model.");
    if (this.position > MAX_METADATA_BYTES) throw new ModelFileError("The file's metadata is implausibly large: it is not a usable GGUF model.");
    const keep = this.buffer.subarray(this.at);
    const chunk = Buffer.alloc(Math.max(n - keep.length, 1 << 20));
    const { bytesRead } = await this.file.read(chunk, 0, chunk.length, this.base + this.buffer.length);
    this.base += this.at;
    this.buffer = Buffer.concat([keep, chunk.subarray(0, bytesRead)]);
    this.at = 0;
  }
  async bytes(n: number) {
    await this.need(n);
    const out = this.buffer.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  async skip(n: number) {
    const inBuffer = Math.min(n, this.buffer.length - this.at);
    this.at += inBuffer;
    let rest = n - inBuffer;
    if (rest > 0) {
      if (this.position + rest > this.size) throw new ModelFileError("The file ends in the middle of its header: it is truncated or not a GGUF model.");
      this.base = this.position + rest;
      this.buffer = Buffer.alloc(0);
      this.at = 0;
      rest = 0;
    }
  }
  async u32() {
    return (await this.bytes(4)).readUInt32LE(0);
  }
  async u64() {
    return (await this.bytes(8)).readBigUInt64LE(0);
  }
  async string() {
    const length = await this.u64();
    if (length > BigInt(MAX_STRING_BYTES)) throw new ModelFileError("A metadata string is implausibly long: the file is corrupt.");
    return (await this.bytes(Number(length))).toString("utf8");
  }
  async scalar(type: number): Promise<GgufValue> {
    const b = await this.bytes(TYPE_SIZES[type]!);
    switch (type) {
      case 0:
        return b.readUInt8(0);
      case 1:
        return b.readInt8(0);
      case 2:
        return b.readUInt16LE(0);
      case 3:
        return b.readInt16LE(0);
      case 4:
        return b.readUInt32LE(0);
      case 5:
        return b.readInt32LE(0);
      case 6:
        return b.readFloatLE(0);
      case 7:
        return b.readUInt8(0) !== 0;
      case 10:
        return b.readBigUInt64LE(0);
      case 11:
        return b.readBigInt64LE(0);
      default:
        return b.readDoubleLE(0);
    }
  }
  async value(type: number): Promise<GgufValue> {
    if (type === STRING) return this.string();
    if (type === ARRAY) {
      const itemType = await this.u32();
      const length = await this.u64();
      if (length > BigInt(MAX_METADATA_BYTES)) throw new ModelFileError("A metadata array is implausibly long: the file is corrupt.");
      const n = Number(length);
      if (itemType === STRING) for (let i = 0; i < n; i++) await this.skip(Number(await this.u64()));
      else if (TYPE_SIZES[itemType] !== undefined) await this.skip(n * TYPE_SIZES[itemType]);
      else throw new ModelFileError(`A metadata array has an unknown item type (${itemType}): the file is corrupt.`);
      return { arrayOf: itemType, length: n };
    }
    if (TYPE_SIZES[type] === undefined) throw new ModelFileError(`A metadata value has an unknown type (${type}): the file is corrupt.`);
    return this.scalar(type);
  }
}

/** The header and metadata of the GGUF file at `path`; ModelFileError when it is not one. */
export async function readGgufInfo(path: string): Promise<GgufInfo> {
  let file: FileHandle;
  try {
    file = await open(path, "r");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ModelFileError(code === "ENOENT" ? `No model file at ${path}.` : `The model file ${path} can't be read (${code ?? "error"}).`);
  }
  try {
    const { size } = await file.stat();
    const reader = new Reader(file, size);
    if (size < 24 || (await reader.bytes(4)).toString("latin1") !== "GGUF") throw new ModelFileError("This is not a GGUF model file (its first bytes are not GGUF).");
    const version = await reader.u32();
    if (version < 2 || version > 3) throw new ModelFileError(`GGUF version ${version} is not supported (2 and 3 are).`);
    const tensorCount = await reader.u64();
    const count = await reader.u64();
    if (count > 100_000n) throw new ModelFileError("The file claims an implausible number of metadata entries: it is corrupt.");
    const metadata = new Map<string, GgufValue>();
    for (let i = 0; i < Number(count); i++) {
      const key = await reader.string();
      metadata.set(key, await reader.value(await reader.u32()));
    }
    if (tensorCount > 1_000_000n) throw new ModelFileError("The file claims an implausible number of tensors: it is corrupt.");
    // Tensor infos, then the data section (aligned): where the last tensor ends is how long the file must be.
    let dataEnd = 0n;
    for (let i = 0; i < Number(tensorCount); i++) {
      await reader.string();
      const dims = await reader.u32();
      if (dims > 8) throw new ModelFileError("A tensor claims more than 8 dimensions: the file is corrupt.");
      let elements = 1n;
      for (let d = 0; d < dims; d++) elements *= await reader.u64();
      const type = await reader.u32();
      const offset = await reader.u64();
      const block = BLOCKS[type];
      const bytes = block ? (elements / BigInt(block[0])) * BigInt(block[1]) : 0n;
      if (offset + bytes > dataEnd) dataEnd = offset + bytes;
    }
    const alignment = BigInt(Number(metadata.get("general.alignment") ?? 32) || 32);
    const dataStart = ((BigInt(reader.position) + alignment - 1n) / alignment) * alignment;
    return { version, tensorCount, metadata, fileSize: size, requiredBytes: dataStart + dataEnd };
  } finally {
    await file.close();
  }
}

/** Keys llama.cpp needs for every model, and per architecture (`<arch>.` prefixed). */
const REQUIRED = ["general.architecture", "tokenizer.ggml.model", "tokenizer.ggml.tokens"];
const REQUIRED_PER_ARCHITECTURE = ["context_length", "embedding_length", "block_count", "feed_forward_length", "attention.head_count"];

/**
 * Checks that llama.cpp can load the file without aborting the process; throws ModelFileError
 * naming what is wrong. Returns the metadata for logging (architecture, name, context length).
 */
export async function checkModelFile(path: string): Promise<GgufInfo> {
  const info = await readGgufInfo(path);
  const architecture = info.metadata.get("general.architecture");
  const required = [...REQUIRED, ...(typeof architecture === "string" ? REQUIRED_PER_ARCHITECTURE.map((key) => `${architecture}.${key}`) : [])];
  const missing = required.filter((key) => !info.metadata.has(key));
  if (typeof architecture === "string" && architecture.startsWith("llama") && !info.metadata.has(`${architecture}.attention.layer_norm_rms_epsilon`)) {
    missing.push(`${architecture}.attention.layer_norm_rms_epsilon`);
  }
  if (missing.length) throw new ModelFileError(`The model file lacks metadata llama.cpp needs: ${missing.join(", ")}. It is incomplete or was written by a broken converter.`);
  if (info.tensorCount === 0n) throw new ModelFileError("The model file has no tensors.");
  if (info.requiredBytes > BigInt(info.fileSize)) {
    throw new ModelFileError(
      `The model file is incomplete: it has ${info.fileSize} bytes but its tensors need ${info.requiredBytes} (an interrupted download or copy?). Download or copy it again.`,
    );
  }
  return info;
}
