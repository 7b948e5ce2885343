import type { RateLimits } from "@/lib/contracts/limits";

/** What only the server knows, passed into the document: its URL, default model, rate limits and deprecations. */

/** A deprecated route or request form (lib/server/deprecation.ts holds the list). */
export interface DeprecationNotice {
  method: string;
  path: string;
  /** What is deprecated, for people: "Plain `{ role, content }` messages". */
  form: string;
  /** The component schema of the deprecated form; without it, the whole operation is deprecated. */
  schema?: string;
  since: Date;
  /** When it stops working: at least six months after `since`. */
  sunset: Date;
  /** Where to go instead. */
  successor: string;
  /** The human-readable notice. */
  docs: string;
}

export interface OpenApiOptions {
  /** Where the API is served: the document's server and the code samples' URL. */
  serverUrl: string;
  /** The model the examples name (OpenAI's API requires one). */
  defaultModel?: string;
  /** This server's rate limits; without them, the defaults. */
  rateLimits?: RateLimits;
  deprecations?: readonly DeprecationNotice[];
}
