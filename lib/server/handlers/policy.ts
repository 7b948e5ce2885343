import "server-only";

/**
 * What sets the two sides of a studio / developer-API route pair apart (/api/jobs and
 * /api/v1/jobs, …): one handler serves both, told which side it is.
 */
export interface RoutePolicy {
  /** The studio takes the session cookie (or an API key); the developer API takes keys only. */
  session: boolean;
  /** A model's answer: plain text for the studio's editor; SSE, JSON lines or JSON (as asked) for the API. */
  answer: "text" | "negotiated";
  /** The style guide a call follows when the request names none (resolveStyleGuide's fallback). */
  styleGuide: "default" | "none";
}

export const studio: RoutePolicy = { session: true, answer: "text", styleGuide: "default" };
export const developerApi: RoutePolicy = { session: false, answer: "negotiated", styleGuide: "none" };

/** Job and webhook answers are the caller's own and change as work runs: no cache may keep one. */
export const noStore = { "Cache-Control": "no-store" } as const;
