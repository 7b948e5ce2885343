/** Response headers of the API, named once for CORS (exposed to browser scripts) and the OpenAPI document. */
export const rateLimitHeaderNames = [
  "RateLimit-Policy",
  "RateLimit",
  "x-ratelimit-limit-requests",
  "x-ratelimit-remaining-requests",
  "x-ratelimit-reset-requests",
  "x-ratelimit-limit-tokens",
  "x-ratelimit-remaining-tokens",
  "x-ratelimit-reset-tokens",
] as const;

export const budgetHeaderNames = ["x-budget-remaining-tokens-daily", "x-budget-remaining-tokens-monthly"] as const;

export const deprecationHeaderNames = ["Deprecation", "Sunset", "Link"] as const;
