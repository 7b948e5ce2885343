import "server-only";
import { availableParallelism } from "node:os";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/server/log";
import { checkModelFile, ModelFileError } from "./gguf";

/**
 * The embedded model: node-llama-cpp, imported only when the local provider is used (it is an
 * optional dependency, kept out of the bundle by `serverExternalPackages`). One model per
 * process, loaded on first use; requests share one context through its sequences, and wait
 * for a free one in a bounded queue.
 *
 * Only the few node-llama-cpp members used here are typed, structurally: the app must type-check
 * and build where the package is not installed (`npm ci --omit=optional`).
 */

export interface Token {
  readonly __token?: never;
}
export interface TokenMeterState {
  usedInputTokens: number;
  usedOutputTokens: number;
}
export interface LlamaSequence {
  readonly tokenMeter: { getState(): TokenMeterState };
  clearHistory(): Promise<void>;
}
export type ChatHistoryItem =
  | { type: "system"; text: string }
  | { type: "user"; text: string }
  | { type: "model"; response: string[] };
export interface GenerateOptions {
  onTextChunk?: (text: string) => void;
  signal?: AbortSignal;
  stopOnAbortSignal?: boolean;
  maxTokens?: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  seed?: number;
  customStopTriggers?: string[];
  repeatPenalty?: false | { presencePenalty?: number; frequencyPenalty?: number };
  grammar?: unknown;
}
export interface ChatResponse {
  response: string;
  metadata: { stopReason: string };
}
export interface LlamaChatInstance {
  readonly chatWrapper: unknown;
  generateResponse(history: ChatHistoryItem[], options: GenerateOptions): Promise<ChatResponse>;
  dispose(options?: { disposeSequence?: boolean }): void;
}
interface LlamaModelInstance {
  readonly trainContextSize: number;
  createContext(options: { contextSize: number; sequences: number; threads: number }): Promise<{
    readonly contextSize: number;
    getSequence(): LlamaSequence;
  }>;
}
interface LlamaInstance {
  loadModel(options: { modelPath: string }): Promise<LlamaModelInstance>;
  createGrammarForJsonSchema(schema: object): Promise<unknown>;
  getGrammarFor(type: "json"): Promise<unknown>;
}
interface NodeLlamaCpp {
  getLlama(options: {
    gpu: false | "auto" | "metal" | "cuda" | "vulkan";
    build: "never";
    logLevel: "error";
    maxThreads: number;
  }): Promise<LlamaInstance>;
  LlamaChat: new (options: { contextSequence: LlamaSequence; chatWrapper?: unknown; autoDisposeSequence: false }) => LlamaChatInstance;
}

export interface EngineConfig {
  path: string;
  /** 0: one per core, as `defaultThreads` decides. */
  threads: number;
  contextSize: number;
  sequences: number;
  queue: number;
  queueTimeoutMs: number;
  gpu: "false" | "auto" | "metal" | "cuda" | "vulkan";
}

/**
 * Half the logical CPUs (about the physical cores), at most 8. llama.cpp's threads wait for each
 * other at every step, so one of them descheduled stalls them all: measured on 2 CPUs, 2 threads
 * ran 50–100× slower than 1 whenever the web server or anything else was busy (and the library's
 * own default, 4, managed ~4 tokens/s). The other half is left to the server; past 8 a single
 * sequence gets no faster.
 */
export function defaultThreads(cores = availableParallelism()): number {
  return Math.max(1, Math.min(8, Math.floor(cores / 2)));
}

/** A sequence lent to one request; `release` is idempotent. */
export interface Lease {
  sequence: LlamaSequence;
  chat: LlamaChatInstance;
  release(): void;
}

interface Loaded {
  llama: LlamaInstance;
  nlc: NodeLlamaCpp;
  contextSize: number;
  threads: number;
  loadMs: number;
  chatWrapper: unknown;
  free: LlamaSequence[];
}

interface Waiter {
  resolve(sequence: LlamaSequence): void;
  reject(error: unknown): void;
}

export interface EngineStats {
  loaded: boolean;
  loadMs?: number;
  threads: number;
  contextSize?: number;
  sequences: number;
  busy: number;
  waiting: number;
}

const PACKAGE = "node-llama-cpp";

async function importNodeLlamaCpp(): Promise<NodeLlamaCpp> {
  try {
    // A variable specifier: bundlers leave it to Node, so builds without the package succeed.
    const specifier = PACKAGE;
    return (await import(/* webpackIgnore: true */ specifier)) as NodeLlamaCpp;
  } catch (error) {
    throw new AppError(
      "model_not_configured",
      "An embedded model is in place but node-llama-cpp, which runs it, is not installed here (it is an optional dependency). Run npm install, or configure another provider.",
      { cause: error },
    );
  }
}

export class LocalEngine {
  private loading?: Promise<Loaded>;
  private loaded?: Loaded;
  private readonly waiters: Waiter[] = [];
  private busy = 0;
  private readonly grammars = new Map<string, Promise<unknown>>();

  constructor(readonly config: EngineConfig) {}

  stats(): EngineStats {
    return {
      loaded: Boolean(this.loaded),
      loadMs: this.loaded?.loadMs,
      threads: this.loaded?.threads ?? (this.config.threads || defaultThreads()),
      contextSize: this.loaded?.contextSize,
      sequences: this.config.sequences,
      busy: this.busy,
      waiting: this.waiters.length,
    };
  }

  /** Loads the model once; a failed load is not kept, so a replaced file is tried again. */
  load(): Promise<Loaded> {
    this.loading ??= this.doLoad().then(
      (loaded) => (this.loaded = loaded),
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }

  private async doLoad(): Promise<Loaded> {
    const started = performance.now();
    const { path, sequences } = this.config;
    // llama.cpp aborts the whole process on some malformed files: refuse them before it sees them.
    try {
      await checkModelFile(path);
    } catch (error) {
      if (error instanceof ModelFileError) {
        logger.error({ path, reason: error.message }, "local model file refused");
        throw new AppError("local_model_invalid", `The local model file can't be used: ${error.message}`, { cause: error });
      }
      throw error;
    }
    const nlc = await importNodeLlamaCpp();
    const threads = this.config.threads || defaultThreads();
    try {
      const llama = await nlc.getLlama({
        gpu: this.config.gpu === "false" ? false : this.config.gpu,
        build: "never",
        logLevel: "error",
        maxThreads: threads,
      });
      const model = await llama.loadModel({ modelPath: path });
      const contextSize = Math.min(this.config.contextSize, model.trainContextSize || this.config.contextSize);
      const context = await model.createContext({ contextSize, sequences, threads });
      const free = Array.from({ length: sequences }, () => context.getSequence());
      // The chat format comes from the model's template; resolved once, shared by every request.
      const probe = new nlc.LlamaChat({ contextSequence: free[0]!, autoDisposeSequence: false });
      const chatWrapper = probe.chatWrapper;
      probe.dispose({ disposeSequence: false });
      const loadMs = Math.round(performance.now() - started);
      logger.info({ path, loadMs, threads, contextSize: context.contextSize, sequences }, "local model loaded");
      return { llama, nlc, contextSize: context.contextSize, threads, loadMs, chatWrapper, free };
    } catch (error) {
      if (AppError.is(error)) throw error;
      logger.error({ path, err: error }, "local model failed to load");
      throw new AppError("local_model_invalid", `The local model could not be loaded: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** A free sequence, or a place in the queue; a full queue or a long wait is 503 model_busy. */
  async acquire(signal: AbortSignal): Promise<Lease> {
    const loaded = await this.load();
    signal.throwIfAborted();
    const sequence = loaded.free.pop() ?? (await this.wait(signal));
    this.busy++;
    let released = false;
    const chat = new loaded.nlc.LlamaChat({ contextSequence: sequence, chatWrapper: loaded.chatWrapper, autoDisposeSequence: false });
    return {
      sequence,
      chat,
      release: () => {
        if (released) return;
        released = true;
        this.busy--;
        chat.dispose({ disposeSequence: false });
        // The next request starts from an empty sequence; the next waiter gets it once cleared.
        void sequence
          .clearHistory()
          .catch((error: unknown) => logger.error({ err: error }, "local model sequence could not be cleared"))
          .finally(() => this.handOver(sequence));
      },
    };
  }

  private handOver(sequence: LlamaSequence) {
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(sequence);
    else this.loaded?.free.push(sequence);
  }

  private wait(signal: AbortSignal): Promise<LlamaSequence> {
    const retryAfter = Math.max(1, Math.ceil(this.config.queueTimeoutMs / 1000));
    if (this.waiters.length >= this.config.queue || this.config.queueTimeoutMs === 0) {
      return Promise.reject(
        new AppError("model_busy", "The local model is answering as many requests as it can and its queue is full. Please try again shortly.", {
          retryAfter,
        }),
      );
    }
    return new Promise<LlamaSequence>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (sequence) => {
          cleanup();
          resolve(sequence);
        },
        reject: (error) => {
          cleanup();
          reject(error);
        },
      };
      const leave = (error: unknown) => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        waiter.reject(error);
      };
      const timer = setTimeout(
        () =>
          leave(
            new AppError("model_busy", "The local model is busy with other requests and this one waited too long. Please try again shortly.", {
              retryAfter,
            }),
          ),
        this.config.queueTimeoutMs,
      );
      const onAbort = () => leave(signal.reason);
      const cleanup = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** A grammar that only admits JSON matching `schema` (cached: building one takes a while). */
  async jsonGrammar(schema: object | undefined): Promise<unknown> {
    const loaded = await this.load();
    const key = schema ? JSON.stringify(schema) : "json";
    let grammar = this.grammars.get(key);
    if (!grammar) {
      grammar = schema ? loaded.llama.createGrammarForJsonSchema(schema) : loaded.llama.getGrammarFor("json");
      grammar.catch(() => this.grammars.delete(key));
      this.grammars.set(key, grammar);
    }
    return grammar;
  }
}

const holder = globalThis as typeof globalThis & { draftwiseLocalEngine?: LocalEngine };

/** The process's one engine for `config.path` (a new path replaces it). */
export function localEngine(config: EngineConfig): LocalEngine {
  const current = holder.draftwiseLocalEngine;
  if (current && JSON.stringify(current.config) === JSON.stringify(config)) return current;
  return (holder.draftwiseLocalEngine = new LocalEngine(config));
}

export function currentLocalEngine(): LocalEngine | undefined {
  return holder.draftwiseLocalEngine;
}
