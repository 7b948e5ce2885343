import { z } from "zod";
import { limits } from "./limits";
import { safeString } from "./strings";

/** Every key starts with this, so secret scanners and people can recognise one. */
export const apiKeyPrefix = "dw_";
/** `dw_` + 40 base62 characters (about 238 random bits). */
export const apiKeyPattern = /^dw_[0-9A-Za-z]{40}$/;

const positive = (max: number) => z.int().min(1).max(max);

/** Per-key overrides of the operator's defaults (RATE_LIMIT_*), and token budgets. Omitted = default / unlimited. */
export const apiKeyLimitsSchema = z.strictObject({
  rpm: positive(10_000_000).optional().describe("Requests per minute (default RATE_LIMIT_RPM)."),
  rph: positive(100_000_000).optional().describe("Requests per hour (default RATE_LIMIT_RPH)."),
  tpm: positive(1_000_000_000).optional().describe("Tokens per minute (default RATE_LIMIT_TPM)."),
  concurrent: positive(10_000).optional().describe("Streams at once (default RATE_LIMIT_CONCURRENT)."),
  daily_tokens: positive(1_000_000_000_000).optional().describe("Token budget per UTC day; none when omitted."),
  monthly_tokens: positive(1_000_000_000_000).optional().describe("Token budget per UTC calendar month; none when omitted."),
});
export type ApiKeyLimitsInput = z.infer<typeof apiKeyLimitsSchema>;

export const createApiKeySchema = z.strictObject({
  name: safeString().trim().min(1, "Name the key.").max(limits.apiKeyNameChars),
  expires_at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("When the key stops working (ISO 8601). Never, when omitted. Must be in the future (else 422)."),
  limits: apiKeyLimitsSchema.optional(),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

export const budgetStateSchema = z.object({
  limit: z.int(),
  used: z.int(),
  remaining: z.int(),
  resets_at: z.iso.datetime(),
});

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: safeString(),
  prefix: safeString().describe("The first characters of the key, for recognising it."),
  created_at: z.iso.datetime(),
  expires_at: z.iso.datetime().nullable(),
  last_used_at: z.iso.datetime().nullable(),
  revoked_at: z.iso.datetime().nullable(),
  status: z.enum(["active", "expired", "revoked"]),
  limits: apiKeyLimitsSchema,
  budget: z.object({ daily: budgetStateSchema.nullable(), monthly: budgetStateSchema.nullable() }),
});
export type ApiKeyJson = z.infer<typeof apiKeySchema>;

export const createdApiKeySchema = apiKeySchema.extend({
  key: safeString().describe("The secret key. Shown only in this response: store it now."),
});
export type CreatedApiKeyJson = z.infer<typeof createdApiKeySchema>;

export const apiKeyListSchema = z.object({ keys: z.array(apiKeySchema) });
