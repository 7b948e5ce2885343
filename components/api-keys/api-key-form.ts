import type { z } from "zod";
import { createApiKeySchema, type ApiKeyLimitsInput, type CreateApiKeyInput } from "@/lib/contracts/api-keys";
import type { ApiError } from "@/lib/client/api/error";
import { formatCount } from "./api-key-format";

export type LimitName = keyof ApiKeyLimitsInput;
type RateLimitName = Exclude<LimitName, "daily_tokens" | "monthly_tokens">;
/** The operator's defaults (RATE_LIMIT_*), which a key's limits override. */
export type RateLimitDefaults = Record<RateLimitName, number>;

export const rateLimitFields = [
  { name: "rpm", label: "Requests per minute", unit: "requests/min" },
  { name: "rph", label: "Requests per hour", unit: "requests/hour" },
  { name: "tpm", label: "Tokens per minute", unit: "tokens/min" },
  { name: "concurrent", label: "Concurrent streams", unit: "streams at once" },
] as const satisfies readonly { name: RateLimitName; label: string; unit: string }[];

export const budgetFields = [
  { name: "daily_tokens", label: "Daily tokens", hint: "Per UTC day." },
  { name: "monthly_tokens", label: "Monthly tokens", hint: "Per UTC calendar month." },
] as const satisfies readonly { name: LimitName; label: string; hint: string }[];

export type ExpiryChoice = "never" | "7" | "30" | "90" | "custom";

export const expiryOptions: readonly { value: ExpiryChoice; label: string }[] = [
  { value: "never", label: "Never" },
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "custom", label: "On a date…" },
];

export interface ApiKeyFormValues {
  name: string;
  expiry: ExpiryChoice;
  /** `YYYY-MM-DD` from the date input. */
  customDate: string;
  /** As typed; empty = the default (rate limits) or none (budgets). */
  limits: Partial<Record<LimitName, string>>;
}

/** Form fields by the request's paths: `name`, `expires_at`, `limits.rpm`… */
export type FieldErrors = Partial<Record<string, string>>;

/** `YYYY-MM-DD` of a moment's UTC day: custom expiry dates are UTC days, like the budgets. */
export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** A custom date means "until the end of that UTC day". */
function expiresAt(values: ApiKeyFormValues, now: Date): string | undefined | null {
  if (values.expiry === "never") return undefined;
  if (values.expiry !== "custom") return new Date(now.getTime() + Number(values.expiry) * 86_400_000).toISOString();
  const end = new Date(`${values.customDate}T23:59:59.999Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(values.customDate) && !Number.isNaN(end.getTime()) ? end.toISOString() : null;
}

// Friendlier words than zod's defaults for the number fields; the contract's own messages (the name's) win.
const fieldMessages: z.core.$ZodErrorMap = (issue) => {
  const numeric = "origin" in issue && (issue.origin === "number" || issue.origin === "int");
  if (issue.code === "too_small" && numeric) return `Use a whole number of at least ${formatCount(Number(issue.minimum))}.`;
  if (issue.code === "too_big" && numeric) return `Use at most ${formatCount(Number(issue.maximum))}.`;
  if (issue.code === "invalid_type" && (issue.expected === "int" || issue.expected === "number")) return "Use a whole number.";
  return undefined;
};

/**
 * The form as a `POST /api/keys` body, checked with the route's own schema. Whether a date is
 * in the future is the server's call (a 422 on `expires_at`), shown like any field error.
 */
export function checkApiKeyForm(values: ApiKeyFormValues, now = new Date()): { ok: true; input: CreateApiKeyInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const expires = expiresAt(values, now);
  if (expires === null) errors.expires_at = "Pick the date the key stops working.";

  const limits: Record<string, number> = {};
  for (const [name, text] of Object.entries(values.limits)) {
    if (text?.trim()) limits[name] = Number(text.trim());
  }
  const parsed = createApiKeySchema.safeParse(
    { name: values.name, ...(expires ? { expires_at: expires } : {}), ...(Object.keys(limits).length ? { limits } : {}) },
    { error: fieldMessages },
  );
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join(".");
      errors[path] ??= issue.message;
    }
  }
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

/** A server error that names one of the form's fields (400 `param`, 422 `expires_at`), as that field's error. */
export function serverFieldError(error: ApiError, fields: readonly string[]): FieldErrors | null {
  if (!error.param || !fields.includes(error.param)) return null;
  // Validation messages start with the path ("limits.rpm: …"), which the field's label already says.
  const prefix = `${error.param}: `;
  return { [error.param]: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message };
}

export const formFieldNames: readonly string[] = ["name", "expires_at", ...[...rateLimitFields, ...budgetFields].map((f) => `limits.${f.name}`)];
