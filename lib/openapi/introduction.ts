import { defaultRateLimits } from "@/lib/contracts/limits";
import type { OpenApiOptions } from "./options";
import { webhooksGuide } from "./webhooks";

/** The document's introduction: authentication, errors, streaming, limits, versioning, webhooks. */
export function describeApi(options: OpenApiOptions): string {
  const rl = options.rateLimits ?? defaultRateLimits;
  const deprecations = options.deprecations ?? [];
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const deprecationList = deprecations.length
    ? deprecations
        .map((d) => `- \`${d.method} ${d.path}\` — ${d.form}: deprecated since ${day(d.since)}, **removed on ${day(d.sunset)}**. Use \`${d.successor}\` instead.`)
        .join("\n")
    : "- Nothing is deprecated right now.";
  return `Draftwise's writing API: chat, writing and outlines, ready templates, and an OpenAI-compatible endpoint.

## Authentication
Create a key in **Settings → API keys** and send it as \`Authorization: Bearer dw_…\` or \`X-API-Key: dw_…\`. A missing or malformed key is a 401 \`unauthorized\`/\`invalid_api_key\`; a revoked key a 401 \`invalid_api_key\`, an expired one \`expired_api_key\`. \`/api/v1\` takes API keys only; the studio routes (\`/api/chat\`, \`/api/write\`, \`/api/outline\`) also take the browser's session cookie, and key management (\`/api/keys\`) takes the session cookie only.

## Errors
Every error is \`{"error": {"code", "message", "param"?}}\` with the status that belongs to the code; \`param\` names the field at fault or the limit reached. \`POST /api/v1/chat/completions\` answers errors in OpenAI's shape instead. Every response carries \`X-Request-Id\`: send your own to correlate logs, or read the generated one.

## CORS
\`/api/v1\` answers cross-origin requests (preflight included) from the origins the operator lists in \`CORS_ORIGINS\`.

## Streaming
\`POST /api/v1/chat\` (with \`"stream": true\`), \`/api/v1/write\` and \`/api/v1/templates/{id}\` stream Server-Sent Events of \`{"content", "finish_reason"}\`, end with an event carrying \`usage\` and then \`data: [DONE]\`; errors mid-stream arrive as \`event: error\`. Send \`Accept: application/x-ndjson\` for JSON lines instead.

## Rate limits and budgets
Per user and per API key: ${rl.rpm} requests per minute, ${rl.rph} per hour, ${rl.tpm} tokens per minute and ${rl.concurrent} streams at once on this server (a key can have lower or higher limits of its own). Keys can also have daily and monthly token budgets, checked before each call with an estimate (prompt characters / 4 + \`max_tokens\`, 512 when absent) and charged with the real usage afterwards, aborted streams included. Over a limit: 429 \`rate_limited\` naming the limit in \`param\`; over a budget: 429 \`insufficient_quota\`. Both carry \`Retry-After\`. Responses carry the limits' state as \`RateLimit-Policy\` / \`RateLimit\` (IETF draft) and OpenAI's \`x-ratelimit-*\` headers, and the remaining budget as \`x-budget-remaining-tokens-daily\` / \`-monthly\`.

## Versioning and deprecation policy
Breaking changes get a new version (\`/api/v2\`); within \`/api/v1\` fields are only added. A route or request form that will go away is first deprecated: its answers then carry \`Deprecation\` (when it was deprecated, RFC 9745), \`Sunset\` (when it stops working, RFC 8594) and \`Link\` headers pointing to the successor (\`rel="successor-version"\`) and to this notice (\`rel="deprecation"\`), and it keeps working for at least six months.

${deprecationList}

${webhooksGuide}`;
}
