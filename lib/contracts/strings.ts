import { z } from "zod";

/**
 * The one rule for text anywhere in a request: no NUL character and no unpaired UTF-16
 * surrogate. PostgreSQL refuses both (text can't hold U+0000, jsonb refuses "\u0000" and a lone
 * "\uD800"), so they would otherwise reach the database and fail there as a 500. Every string
 * of every contract is a `safeString()`, and every free-form JSON value a `safeJson()`;
 * tests/unit/contract-strings.test.ts walks every exported schema to keep it so.
 */

const unsafeTextMessage = "Text can't contain NUL characters (\\u0000) or unpaired surrogates.";

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isUnsafeText(value: string): boolean {
  return value.includes("\0") || loneSurrogate.test(value);
}

const unstorable = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text the server itself produced (a model's answer), made storable: NUL and lone surrogates
 * become U+FFFD. Requests are refused instead; an answer is the user's work and must be kept.
 */
export function storableText(value: string): string {
  return isUnsafeText(value) ? value.replace(unstorable, "\uFFFD") : value;
}

/** `storableText` for every string and key of a JSON value (a job's result). */
export function storableJson<T>(value: T): T {
  if (typeof value === "string") return storableText(value) as T;
  if (Array.isArray(value)) return value.map(storableJson) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableJson(v)])) as T;
  }
  return value;
}

/** Shared by every `safeString()`; the schema walk in the tests recognises it by identity. */
export const safeTextCheck = z.check<string>((payload) => {
  if (isUnsafeText(payload.value)) {
    payload.issues.push({ code: "custom", message: unsafeTextMessage, input: payload.value, continue: true });
  }
});

/** Where the first unsafe string or key in a JSON value is (a path), or undefined. Iterative: any depth. */
function findUnsafeText(value: unknown): PropertyKey[] | undefined {
  const pending: [unknown, PropertyKey[]][] = [[value, []]];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [node, path] = item;
    if (typeof node === "string") {
      if (isUnsafeText(node)) return path;
    } else if (Array.isArray(node)) {
      node.forEach((child, i) => pending.push([child, [...path, i]]));
    } else if (typeof node === "object" && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        // A bad key is reported at its object: the key itself is not echoed back.
        if (isUnsafeText(key)) return path;
        pending.push([child, [...path, key]]);
      }
    }
  }
  return undefined;
}

/** Shared by every `safeJson()`; recognised by identity like `safeTextCheck`. */
export const safeJsonCheck = z.check<unknown>((payload) => {
  const path = findUnsafeText(payload.value);
  if (path) payload.issues.push({ code: "custom", message: unsafeTextMessage, input: payload.value, path, continue: true });
});

/** `z.string()` under the shared rule: chain `.trim()`, `.min()`… on it as usual. */
export function safeString() {
  return z.string().check(safeTextCheck);
}

/** Any JSON value (document attributes, message metadata, passthrough fields) under the shared rule. */
export function safeJson() {
  return z.unknown().check(safeJsonCheck);
}

/** `z.looseObject` whose extra fields are checked too. */
export function safeLooseObject<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.object(shape).catchall(safeJson());
}

/**
 * A string-keyed record whose keys follow the rule as well as its values. The keys are checked
 * with the values (one issue at the record, not zod's `invalid_key` naming the bad key).
 */
export function safeRecord<V extends z.core.SomeType>(value: V) {
  return z.record(z.string(), value).check(safeJsonCheck);
}
