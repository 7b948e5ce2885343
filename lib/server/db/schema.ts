import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

// No `server-only` here: drizzle-kit reads this file outside Next to generate migrations.

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Lower-cased; null for guests and for OAuth accounts without a public email. */
    email: text("email"),
    name: text("name"),
    image: text("image"),
    /** `scrypt$N$r$p$salt$hash`; null for guests and OAuth-only accounts. */
    passwordHash: text("password_hash"),
    isGuest: boolean("is_guest").notNull().default(false),
    /** Privacy: false → prompts and outputs are never stored, only token counts. */
    storeContent: boolean("store_content").notNull().default(true),
    /** The default style guide of the account's documents (lib/contracts/style-guide.ts); null: none. */
    styleGuide: jsonb("style_guide"),
    /** How many variants the studio's AI rewrites ask for by default (1: one answer). */
    variants: integer("variants").notNull().default(1),
    /**
     * Session cookies carry the version they were issued under; bumping it (sign-up from a guest,
     * sign-out, password change) makes every earlier cookie of this user stop working.
     */
    sessionVersion: integer("session_version").notNull().default(0),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const oauthAccounts = pgTable(
  "oauth_accounts",
  {
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamps.createdAt,
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index("oauth_accounts_user_idx").on(t.userId)],
);

export const documents = pgTable(
  "documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /** The writer named it: the title no longer follows the document (lib/documents/title.ts). */
    titleSet: boolean("title_set").notNull().default(false),
    /** The editor's ProseMirror JSON. */
    content: jsonb("content").notNull(),
    /** Plain text of `content`, kept for search and export previews. */
    text: text("text").notNull().default(""),
    /** The outline it is drafted from (lib/contracts/document-outline.ts); not part of its versions. */
    outline: jsonb("outline"),
    /** Its own style guide (lib/contracts/style-guide.ts); null: it follows the owner's default. Not part of its versions. */
    styleGuide: jsonb("style_guide"),
    /** Bumped by every save; a save based on an older version is refused (409). */
    version: integer("version").notNull().default(1),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index("documents_owner_idx").on(t.ownerId, t.deletedAt, t.updatedAt)],
);

export const documentVersions = pgTable(
  "document_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The document version this snapshot holds. */
    version: integer("version").notNull(),
    title: text("title").notNull(),
    titleSet: boolean("title_set").notNull().default(false),
    content: jsonb("content").notNull(),
    text: text("text").notNull().default(""),
    /** Why it was taken: "Created", "Autosave", "AI: Rewrite", "Restored version 3", "Merged"… */
    label: text("label").notNull(),
    source: text("source", { enum: ["create", "autosave", "ai", "restore", "merge", "manual"] }).notNull(),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    uniqueIndex("document_versions_doc_version_key").on(t.documentId, t.version),
    index("document_versions_owner_idx").on(t.ownerId),
  ],
);

export const conversations = pgTable(
  "conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    documentId: uuid("document_id").references(() => documents.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    ...timestamps,
  },
  (t) => [index("conversations_owner_doc_idx").on(t.ownerId, t.documentId, t.updatedAt)],
);

export const messages = pgTable(
  "messages",
  {
    /** Ordering that survives equal timestamps. */
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity().primaryKey(),
    /** The id the client (useChat) or the server gave the message. */
    id: text("id").notNull(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["user", "assistant", "system"] }).notNull(),
    content: text("content").notNull(),
    /** "stopped": the client went away mid-answer; the part generated so far is kept. */
    status: text("status", { enum: ["complete", "stopped", "error"] }).notNull().default("complete"),
    model: text("model"),
    /** An answer: the id of the question it answers (null on older rows: the question before it). */
    replyTo: text("reply_to"),
    /** A question: which of its answers is shown (null: the newest); the others are kept as versions. */
    shownAnswerId: text("shown_answer_id"),
    createdAt: timestamps.createdAt,
  },
  (t) => [uniqueIndex("messages_conversation_id_key").on(t.conversationId, t.id)],
);

/** Per-key overrides of the operator's limits, and the key's token budgets. Absent = default / none. */
export interface ApiKeyLimits {
  rpm?: number;
  rph?: number;
  tpm?: number;
  concurrent?: number;
  daily_tokens?: number;
  monthly_tokens?: number;
}

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The key's first characters ("dw_k7Qm2x"), shown in lists so a key can be recognised. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole key. Keys carry 238 random bits, so a fast hash cannot be brute-forced. */
    keyHash: text("key_hash").notNull(),
    limits: jsonb("limits").$type<ApiKeyLimits>().notNull().default({}),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    createdAt: timestamps.createdAt,
  },
  (t) => [uniqueIndex("api_keys_hash_key").on(t.keyHash), index("api_keys_user_idx").on(t.userId, t.createdAt)],
);

export const usageRecords = pgTable(
  "usage_records",
  {
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity().primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    documentId: uuid("document_id").references(() => documents.id, { onDelete: "set null" }),
    /** The API key that made the call; null for the browser (session) routes. */
    apiKeyId: uuid("api_key_id").references(() => apiKeys.id, { onDelete: "set null" }),
    route: text("route").notNull(),
    model: text("model").notNull(),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
    latencyMs: integer("latency_ms").notNull(),
    outcome: text("outcome", { enum: ["ok", "error", "aborted"] }).notNull(),
    errorCode: text("error_code"),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    index("usage_records_user_time_idx").on(t.userId, t.createdAt),
    index("usage_records_key_time_idx").on(t.apiKeyId, t.createdAt),
  ],
);

/**
 * `creating` is internal: the row holds its Idempotency-Key while the submission finishes its
 * checks, so a concurrent retry with the same key gets 409 instead of a second job.
 */
const jobStatuses = ["creating", "queued", "running", "succeeded", "failed", "cancelled"] as const;
export type JobStatus = (typeof jobStatuses)[number];

/**
 * Asynchronous jobs (POST /api/v1/jobs): the row is the job's whole truth, so a restart loses
 * nothing. A running job holds a lease its runner renews; an expired lease means its process
 * died and another run may take it over.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    apiKeyId: uuid("api_key_id").references(() => apiKeys.id, { onDelete: "set null" }),
    type: text("type").notNull(),
    status: text("status", { enum: jobStatuses }).notNull().default("queued"),
    webhookUrl: text("webhook_url"),
    input: jsonb("input").$type<Record<string, unknown>>().notNull(),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
    progress: real("progress").notNull().default(0),
    result: jsonb("result").$type<Record<string, unknown>>(),
    error: jsonb("error").$type<{ code: string; message: string }>(),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    /** The client's Idempotency-Key and a hash of the body it came with. */
    idempotencyKey: text("idempotency_key"),
    requestHash: text("request_hash"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    createdAt: timestamps.createdAt,
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("jobs_owner_idempotency_key").on(t.ownerId, t.idempotencyKey),
    index("jobs_owner_created_idx").on(t.ownerId, t.createdAt, t.id),
    index("jobs_status_created_idx").on(t.status, t.createdAt),
  ],
);

/**
 * A user's webhook signing secret. After a rotation the previous one keeps signing (beside the
 * new one) until `previousExpiresAt`, so receivers can switch without dropping events.
 */
export const webhookSecrets = pgTable("webhook_secrets", {
  ownerId: uuid("owner_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secret: text("secret").notNull(),
  previousSecret: text("previous_secret"),
  previousExpiresAt: timestamp("previous_expires_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

const webhookDeliveryStatuses = ["pending", "delivered", "failed"] as const;

/**
 * One event for one URL (its id is the `webhook-id` header, the same on every retry). Pending
 * deliveries are due at `nextAttemptAt`; a sender claims one by pushing that time past its
 * attempt's timeout, so a sender that dies mid-attempt leaves it due again.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    jobId: uuid("job_id").references(() => jobs.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    url: text("url").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: webhookDeliveryStatuses }).notNull().default("pending"),
    attemptCount: integer("attempt_count").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt), index("webhook_deliveries_job_idx").on(t.jobId, t.createdAt)],
);

export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.attempt)],
);

export const schema = {
  users,
  oauthAccounts,
  documents,
  documentVersions,
  conversations,
  messages,
  apiKeys,
  usageRecords,
  jobs,
  webhookSecrets,
  webhookDeliveries,
  webhookAttempts,
};

/** `now()` for updates, so every row's clock is the database's. */
export const now = sql`now()`;
