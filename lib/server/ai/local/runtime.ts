import "server-only";
import { availableParallelism } from "node:os";
import { basename } from "node:path";
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
  evaluateWithoutGeneratingNewTokens(tokens: Token[]): Promise<void>;
}
interface ChatWrapperInstance {
  generateContextState(options: { chatHistory: ChatHistoryItem[] }): { contextText: { tokenize(tokenizer: unknown): Token[] } };
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
interface LlamaContextInstance {
  readonly contextSize: number;
  getSequence(): LlamaSequence;
}
interface LlamaModelInstance {
  readonly trainContextSize: number;
  readonly tokenizer: unknown;
  dispose(): Promise<void>;
  createContext(options: { contextSize: number; sequences: number; threads: number }): Promise<LlamaContextInstance>;
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
  /** The file's size and modification time: a replaced file gets a new engine. */
  version?: string;
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
  /** The answer ended (or was aborted): the sequence is cleared and goes to the next request. */
  release(): void;
}

interface Loaded {
  llama: LlamaInstance;
  model: LlamaModelInstance;
  nlc: NodeLlamaCpp;
  contextSize: number;
  threads: number;
  loadMs: number;
  chatWrapper: ChatWrapperInstance;
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
/** Prompt tokens read per step before generation: between steps, an aborted request lets go of its sequence. */
const PREFILL_CHUNK = 256;
/** A load that failed is not tried again for this long (the same file fails the same way; a replaced file is a new engine). */
const FAILED_LOAD_BACKOFF_MS = 30_000;

const holder = globalThis as typeof globalThis & {
  draftwiseLocalEngine?: LocalEngine;
  draftwiseRetiredEngines?: Set<string>;
  draftwiseNodeLlamaCpp?: Promise<NodeLlamaCpp | null>;
  draftwiseLlama?: Map<string, Promise<LlamaInstance>>;
};

/** node-llama-cpp, or null when it is not installed (it is an optional dependency). Imported once. */
export function nodeLlamaCpp(): Promise<NodeLlamaCpp | null> {
  // A variable specifier: bundlers leave it to Node, so builds without the package succeed.
  const specifier = PACKAGE;
  holder.draftwiseNodeLlamaCpp ??= import(/* webpackIgnore: true */ specifier).then(
    (module) => module as NodeLlamaCpp,
    (error: unknown) => {
      logger.warn({ err: error }, "node-llama-cpp is not installed: the embedded model is unavailable");
      return null;
    },
  );
  return holder.draftwiseNodeLlamaCpp;
}

/** One llama.cpp instance per process and setting: each registers process hooks and is never freed. */
function llamaInstance(nlc: NodeLlamaCpp, gpu: EngineConfig["gpu"], threads: number): Promise<LlamaInstance> {
  const instances = (holder.draftwiseLlama ??= new Map());
  const key = `${gpu}:${threads}`;
  let instance = instances.get(key);
  if (!instance) {
    instance = nlc.getLlama({ gpu: gpu === "false" ? false : gpu, build: "never", logLevel: "error", maxThreads: threads });
    instance.catch(() => instances.delete(key));
    instances.set(key, instance);
  }
  return instance;
}

/** Error text for clients: the file's name, never the server's path to it. */
function withoutPath(message: string, path: string): string {
  return message.replaceAll(path, basename(path));
}

export class LocalEngine {
  private loading?: Promise<Loaded>;
  private loaded?: Loaded;
  private failure?: { error: unknown; at: number };
  private readonly waiters: Waiter[] = [];
  private busy = 0;
  /** Sequences being cleared after an answer: free in a moment, so a request may wait for one even with no queue. */
  private clearing = 0;
  private readonly grammars = new Map<string, Promise<unknown>>();
  private retired = false;

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

  /** Loads the model once. A failed load answers the same error for a while, then is tried again. */
  load(): Promise<Loaded> {
    if (this.failure && Date.now() - this.failure.at < FAILED_LOAD_BACKOFF_MS) return Promise.reject(this.failure.error);
    this.loading ??= this.doLoad().then(
      (loaded) => {
        this.loaded = loaded;
        this.failure = undefined;
        // Replaced by another file while it loaded: nobody will use it.
        this.disposeIfIdle();
        return loaded;
      },
      (error: unknown) => {
        this.loading = undefined;
        this.failure = { error, at: Date.now() };
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
        throw new AppError("local_model_invalid", `The local model file can't be used: ${withoutPath(error.message, path)}`, { cause: error });
      }
      throw error;
    }
    const nlc = await nodeLlamaCpp();
    if (!nlc) {
      throw new AppError(
        "model_not_configured",
        "An embedded model is in place but node-llama-cpp, which runs it, is not installed here (it is an optional dependency). Run npm install, or configure another provider.",
      );
    }
    const threads = this.config.threads || defaultThreads();
    let model: LlamaModelInstance | undefined;
    try {
      const llama = await llamaInstance(nlc, this.config.gpu, threads);
      model = await llama.loadModel({ modelPath: path });
      const contextSize = Math.min(this.config.contextSize, model.trainContextSize || this.config.contextSize);
      const context = await model.createContext({ contextSize, sequences, threads });
      const free = Array.from({ length: sequences }, () => context.getSequence());
      // The chat format comes from the model's template; resolved once, shared by every request.
      const probe = new nlc.LlamaChat({ contextSequence: free[0]!, autoDisposeSequence: false });
      const chatWrapper = probe.chatWrapper as ChatWrapperInstance;
      probe.dispose({ disposeSequence: false });
      const loadMs = Math.round(performance.now() - started);
      logger.info({ path, loadMs, threads, contextSize: context.contextSize, sequences }, "local model loaded");
      return { llama, model, nlc, contextSize: context.contextSize, threads, loadMs, chatWrapper, free };
    } catch (error) {
      // A model that loaded but got no context (too little memory for its sequences) is freed, not leaked.
      void model?.dispose().catch(() => {});
      if (AppError.is(error)) throw error;
      logger.error({ path, err: error }, "local model failed to load");
      throw new AppError("local_model_invalid", `The local model could not be loaded: ${withoutPath((error as Error).message, path)}`, {
        cause: error,
      });
    }
  }

  /** A free sequence, or a place in the queue; a full queue or a long wait is 503 model_busy. */
  async acquire(signal: AbortSignal): Promise<Lease> {
    const loaded = await this.load();
    signal.throwIfAborted();
    const sequence = loaded.free.pop() ?? (await this.wait(signal));
    let chat: LlamaChatInstance;
    try {
      chat = new loaded.nlc.LlamaChat({ contextSequence: sequence, chatWrapper: loaded.chatWrapper, autoDisposeSequence: false });
    } catch (error) {
      this.handOver(sequence);
      throw error;
    }
    this.busy++;
    let released = false;
    return {
      sequence,
      chat,
      release: () => {
        if (released) return;
        released = true;
        this.busy--;
        chat.dispose({ disposeSequence: false });
        this.clearing++;
        // The next request starts from an empty sequence; the next waiter gets it once cleared.
        void sequence
          .clearHistory()
          .catch((error: unknown) => logger.error({ err: error }, "local model sequence could not be cleared"))
          .finally(() => {
            this.clearing--;
            this.handOver(sequence);
          });
      },
    };
  }

  private handOver(sequence: LlamaSequence) {
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(sequence);
    else this.loaded?.free.push(sequence);
    this.disposeIfIdle();
  }

  /** Replaced by an engine for another file: its model is freed once its last request is done. */
  retire(): void {
    this.retired = true;
    this.disposeIfIdle();
  }

  private disposeIfIdle() {
    if (!this.retired || this.busy > 0 || this.clearing > 0 || this.waiters.length > 0 || !this.loaded) return;
    const { model } = this.loaded;
    this.loaded = undefined;
    this.loading = undefined;
    void model.dispose().catch((error: unknown) => logger.error({ err: error }, "a replaced local model could not be freed"));
  }

  private wait(signal: AbortSignal): Promise<LlamaSequence> {
    const retryAfter = Math.max(1, Math.ceil(this.config.queueTimeoutMs / 1000));
    const room = this.config.queue + this.clearing;
    if (this.waiters.length >= room || (this.config.queueTimeoutMs === 0 && this.clearing === 0)) {
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
        // Even with no wait allowed, a sequence being cleared is worth the moment it takes.
        Math.max(this.config.queueTimeoutMs, this.clearing > 0 ? 1_000 : 0),
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

  /**
   * Reads the prompt into the sequence in steps, checking `signal` between them: llama.cpp itself
   * checks no abort signal while it reads a prompt, which on a CPU can take many seconds. The chat
   * then finds the prompt already read and only decodes its last token. A prompt too long for the
   * context is left to the chat, which shortens the history to fit.
   */
  async prefill(lease: Lease, history: ChatHistoryItem[], maxTokens: number, signal: AbortSignal): Promise<void> {
    const loaded = await this.load();
    const tokens = loaded.chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(loaded.model.tokenizer);
    if (tokens.length + maxTokens > loaded.contextSize) return;
    // All but the last token: the chat decodes that one to start the answer.
    for (let start = 0; start < tokens.length - 1; start += PREFILL_CHUNK) {
      signal.throwIfAborted();
      await lease.sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(start, Math.min(start + PREFILL_CHUNK, tokens.length - 1)));
    }
    signal.throwIfAborted();
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

/** The process's one engine for `config` (another file, or the same one replaced, gets a new one). */
export function localEngine(config: EngineConfig): LocalEngine {
  const current = holder.draftwiseLocalEngine;
  const key = JSON.stringify(config);
  if (current && JSON.stringify(current.config) === key) return current;
  // A request prepared before the file changed asks for the old one: it gets the current engine, never a reload.
  const retired = (holder.draftwiseRetiredEngines ??= new Set());
  if (current && retired.has(key)) return current;
  if (current) {
    retired.add(JSON.stringify(current.config));
    current.retire();
  }
  return (holder.draftwiseLocalEngine = new LocalEngine(config));
}

export function currentLocalEngine(): LocalEngine | undefined {
  return holder.draftwiseLocalEngine;
}
