import "server-only";
import type { PlainChatRequest, UiChatRequest } from "@/lib/contracts/chat";
import { uiMessageStreamType } from "@/lib/delivery/formats";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/server/env";
import { streamingHeaders } from "@/lib/server/http";
import { redisClient } from "@/lib/server/redis";
import { plainSink, type StreamSink } from "@/lib/server/delivery/sink";
import { MemoryResumableStore } from "./memory-store";
import { RedisResumableStore } from "./redis-store";
import type { ResumableStore, StreamRef } from "./store";

export type { ResumableStore, StreamRef } from "./store";
export { StreamStoppedError } from "./generation";

/** A finished answer can be replayed whole this long after it ended (a reload right at the end). */
const finishedStreamTtlMs = 60_000;

/** The response headers of a resumed UI message stream (a live one's, less the model it names). */
export const uiMessageStreamHeaders = {
  "Content-Type": uiMessageStreamType.contentType,
  ...uiMessageStreamType.headers,
  ...streamingHeaders,
} as const;

/** What `useChat` uses as chat ids (its own random ids, or our UUIDs): letters, digits, `_` and `-`. */
const streamIdPattern = /^[\w-]{1,200}$/;

function isStreamId(value: unknown): value is string {
  return typeof value === "string" && streamIdPattern.test(value);
}

/** A stream id from a URL; anything else is a 400 naming `id`. */
export function parseStreamId(value: string): string {
  if (!isStreamId(value)) throw new AppError("invalid_request", "The chat id may only contain letters, digits, _ and - (at most 200).", { param: "id" });
  return value;
}

const globalForStreams = globalThis as typeof globalThis & { draftwiseResumableStore?: ResumableStore };

/** Redis with REDIS_URL (a reload may land on any instance), else this process's memory. */
function resumableStore(): ResumableStore {
  if (!globalForStreams.draftwiseResumableStore) {
    const options = { graceMs: env.STREAM_RESUME_GRACE_MS, finishedTtlMs: finishedStreamTtlMs };
    const redis = redisClient();
    // Pub/sub needs a connection of its own: a subscribed connection takes no other commands.
    globalForStreams.draftwiseResumableStore = redis
      ? new RedisResumableStore(redis, subscriberConnection(redis), options)
      : new MemoryResumableStore(options);
  }
  return globalForStreams.draftwiseResumableStore;
}

function subscriberConnection(redis: NonNullable<ReturnType<typeof redisClient>>) {
  const subscriber = redis.duplicate();
  // The command connection reports outages; this one only must not crash the process on one.
  subscriber.on("error", () => {});
  return subscriber;
}

/**
 * Starts a generation that clients can reattach to. `body` is the first client's response;
 * `write()` appends to the generation's log and reaches every attached client; `close()` ends
 * them all. `signal` aborts the model call when the stream is stopped (from any instance) or
 * when no client has been attached for STREAM_RESUME_GRACE_MS — never merely because the first
 * client went away.
 */
function startResumableStream(ref: StreamRef & { clientSignal: AbortSignal }): Promise<StreamSink> {
  return resumableStore().start(ref);
}

/**
 * Everything the generation wrote so far, then the rest live until it ends; null when this
 * owner has no running or recently finished generation under `streamId`.
 */
export function resumeStream(ref: StreamRef & { signal?: AbortSignal }): Promise<ReadableStream<Uint8Array> | null> {
  return resumableStore().resume(ref);
}

/** Aborts the generation (wherever it runs); false when none was running. */
export function stopResumableStream(ref: StreamRef): Promise<boolean> {
  return resumableStore().stop(ref);
}

/**
 * The sink for a chat answer: resumable for a `useChat` request with a chat `id` (the client
 * can reattach at `GET /api/chat/{id}/stream`), the plain one otherwise (developers' plain
 * bodies: a disconnect aborts the model call at once).
 */
export function chatSink({
  user,
  body,
  clientSignal,
}: {
  user: { id: string };
  body: PlainChatRequest | UiChatRequest;
  clientSignal: AbortSignal;
}): Promise<StreamSink> {
  const id = "id" in body ? body.id : undefined;
  const isUi = body.messages.some((m) => "parts" in m);
  if (!isUi || !isStreamId(id)) return Promise.resolve(plainSink(clientSignal));
  return startResumableStream({ streamId: id, ownerId: user.id, clientSignal });
}
