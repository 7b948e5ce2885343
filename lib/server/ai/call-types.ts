import "server-only";

// A leaf module: the logger needs these types, and the model-call client needs the logger.

/** Who a model call is for, for logs, metrics and traces (never any text). */
export interface CallContext {
  route: string;
  requestId?: string;
  userId?: string;
  keyId?: string;
}

export interface CallOutcome {
  status: "ok" | "error" | "aborted";
  /** The model that answered (a fallback's id when the requested model failed). */
  model: string;
  /** The text produced, complete or up to where it stopped. */
  text: string;
  inputTokens: number;
  outputTokens: number;
  /** True when the provider sent no usage (a cut-off answer) and the counts are estimates. */
  estimated: boolean;
  latencyMs: number;
  ttftMs?: number;
  attempts: number;
  errorCode?: string;
}
