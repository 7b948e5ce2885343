import { readdirSync } from "node:fs";
import path from "node:path";
import { limits } from "@/lib/contracts/limits";

/**
 * What every API route promises before it does any work: who may call it, whether it reads a
 * JSON body and how large one may be, and which methods it serves. tests/api/route-statuses.test.ts
 * checks each entry against the built app, and fails when a route file under app/api has none.
 */

export const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof methods)[number];

/**
 * - `session`: the session cookie only (an API key alone is refused);
 * - `key`: an API key only (the developer API: a cookie alone is refused);
 * - `either`: the session cookie or an API key;
 * - `admin`: a signed-in administrator (a guest gets 403 admin_only);
 * - `public`: anyone; `anonymous` is what a caller without credentials gets on the test instance;
 * - `bearer`: a shared secret from the environment (CRON_SECRET, METRICS_TOKEN). The test
 *   instance sets none, so `anonymous` is what it answers then; `coveredBy` tests the secret.
 */
export type Auth =
  | { by: "session" | "key" | "either" | "admin" }
  | { by: "public"; anonymous: number }
  | { by: "bearer"; secret: "CRON_SECRET" | "METRICS_TOKEN"; anonymous: number; coveredBy: string };

export interface MethodSpec {
  auth: Auth;
  /** The method reads a JSON body of at most this many bytes. */
  jsonBytes?: number;
}

export interface RouteSpec {
  methods: Partial<Record<Method, MethodSpec>>;
  /** A path that reaches the route, where filling its segments with a UUID would not. */
  sample?: string;
  /**
   * The route answers the methods it doesn't serve itself (otherMethods: 405, `Allow`, the one
   * error format). False: the framework answers them.
   */
  answersOtherMethods: boolean;
  /** Its errors are OpenAI-shaped (`{ error: { type, code, param, message } }`). */
  openAIErrors?: boolean;
}

const sampleId = "00000000-0000-4000-8000-000000000000";

const session = { auth: { by: "session" } } as const satisfies MethodSpec;
const key = { auth: { by: "key" } } as const satisfies MethodSpec;
const either = { auth: { by: "either" } } as const satisfies MethodSpec;
const admin = { auth: { by: "admin" } } as const satisfies MethodSpec;
const publicAs = (anonymous: number): MethodSpec => ({ auth: { by: "public", anonymous } });
const json = (spec: MethodSpec, bytes: number = limits.bodyBytes): MethodSpec => ({ ...spec, jsonBytes: bytes });

/** Keyed by the route's path as its folder names it under app/api. */
export const routeTable: Record<string, RouteSpec> = {
  "/api/[...path]": {
    sample: "/api/no-such-route/deeper",
    methods: { GET: publicAs(404), POST: publicAs(404), PUT: publicAs(404), PATCH: publicAs(404), DELETE: publicAs(404) },
    answersOtherMethods: false,
  },
  "/api/account": { methods: { GET: session, PATCH: json(session) }, answersOtherMethods: false },
  "/api/account/password": { methods: { POST: json(session) }, answersOtherMethods: true },
  // Auth.js answers its own routes (a POST it has no action for redirects); their refusals are in tests/api/auth.test.ts and tests/api/security/.
  "/api/auth/[...nextauth]": { sample: "/api/auth/csrf", methods: { GET: publicAs(200), POST: publicAs(302) }, answersOtherMethods: false },
  "/api/auth/guest": { sample: "/api/auth/guest?redirect=/", methods: { GET: publicAs(307) }, answersOtherMethods: false },
  // BENCH_ROUTES is off outside `npm run bench`: indistinguishable from an unknown route.
  "/api/bench/passthrough": { methods: { POST: publicAs(404) }, answersOtherMethods: false },
  "/api/chat": { methods: { POST: json(either) }, answersOtherMethods: true },
  "/api/chat/[id]/stream": { sample: "/api/chat/chat-route-table/stream", methods: { GET: either, DELETE: either }, answersOtherMethods: true },
  "/api/conversations": { methods: { GET: session, POST: json(session) }, answersOtherMethods: false },
  "/api/conversations/[id]": { methods: { GET: session, PATCH: json(session), DELETE: session }, answersOtherMethods: false },
  "/api/conversations/[id]/messages/[messageId]/answer": { methods: { POST: json(session) }, answersOtherMethods: true },
  "/api/conversations/[id]/messages/[messageId]/continue": { methods: { POST: json(session) }, answersOtherMethods: true },
  "/api/conversations/[id]/messages/[messageId]/show": { methods: { POST: session }, answersOtherMethods: true },
  "/api/cron/jobs": {
    methods: Object.fromEntries(
      (["GET", "POST"] as const).map((m) => [m, { auth: { by: "bearer", secret: "CRON_SECRET", anonymous: 404, coveredBy: "tests/api/jobs-runners.test.ts" } }]),
    ),
    answersOtherMethods: true,
  },
  "/api/documents": { methods: { GET: session, POST: json(session, limits.documentBodyBytes) }, answersOtherMethods: true },
  "/api/documents/[id]": { methods: { GET: session, PATCH: json(session, limits.documentBodyBytes), DELETE: session }, answersOtherMethods: true },
  "/api/documents/[id]/authorship": { methods: { GET: session }, answersOtherMethods: true },
  "/api/documents/[id]/export": { sample: `/api/documents/${sampleId}/export?format=md`, methods: { GET: session }, answersOtherMethods: true },
  "/api/documents/[id]/outline": { methods: { PUT: json(session, limits.outlineBodyBytes) }, answersOtherMethods: true },
  "/api/documents/[id]/style-guide": { methods: { PUT: json(session, limits.styleGuideBodyBytes) }, answersOtherMethods: true },
  "/api/documents/[id]/restore": { methods: { POST: session }, answersOtherMethods: true },
  "/api/documents/[id]/versions": { methods: { GET: session, POST: json(session) }, answersOtherMethods: true },
  "/api/documents/[id]/versions/[versionId]": { methods: { GET: session, PATCH: json(session) }, answersOtherMethods: true },
  "/api/documents/[id]/versions/[versionId]/restore": { methods: { POST: json(session) }, answersOtherMethods: true },
  "/api/edits": { methods: { POST: json(either) }, answersOtherMethods: true },
  "/api/health": { methods: { GET: publicAs(200) }, answersOtherMethods: true },
  "/api/jobs": { methods: { GET: either, POST: json(either) }, answersOtherMethods: true },
  "/api/jobs/[id]": { methods: { GET: either, DELETE: either }, answersOtherMethods: true },
  "/api/jobs/[id]/deliveries": { methods: { GET: either }, answersOtherMethods: true },
  "/api/jobs/[id]/document": { methods: { POST: either }, answersOtherMethods: true },
  "/api/keys": { methods: { GET: session, POST: json(session) }, answersOtherMethods: true },
  "/api/keys/[id]": { methods: { GET: session, DELETE: session }, answersOtherMethods: true },
  "/api/live": { methods: { GET: publicAs(200) }, answersOtherMethods: true },
  "/api/local-model": { methods: { GET: session }, answersOtherMethods: true },
  "/api/local-model/download": { methods: { POST: admin, DELETE: admin }, answersOtherMethods: true },
  "/api/metrics": {
    methods: { GET: { auth: { by: "bearer", secret: "METRICS_TOKEN", anonymous: 200, coveredBy: "tests/api/observability.test.ts" } } },
    answersOtherMethods: true,
  },
  "/api/outline": { methods: { POST: json(either) }, answersOtherMethods: true },
  "/api/ready": { methods: { GET: publicAs(200) }, answersOtherMethods: true },
  "/api/status": { methods: { GET: publicAs(200) }, answersOtherMethods: false },
  "/api/templates/[id]": { sample: "/api/templates/blog-post", methods: { POST: json(either) }, answersOtherMethods: true },
  "/api/usage": { methods: { GET: session }, answersOtherMethods: false },
  "/api/v1/chat": { methods: { POST: json(key) }, answersOtherMethods: true },
  "/api/v1/chat/completions": { methods: { POST: json(key) }, answersOtherMethods: true, openAIErrors: true },
  "/api/v1/documents/[id]/authorship": { methods: { GET: key }, answersOtherMethods: true },
  "/api/v1/edits": { methods: { POST: json(key) }, answersOtherMethods: true },
  "/api/v1/jobs": { methods: { GET: key, POST: json(key) }, answersOtherMethods: true },
  "/api/v1/jobs/[id]": { methods: { GET: key, DELETE: key }, answersOtherMethods: true },
  "/api/v1/jobs/[id]/deliveries": { methods: { GET: key }, answersOtherMethods: true },
  "/api/v1/models": { methods: { GET: key }, answersOtherMethods: true },
  "/api/v1/models/[...id]": { sample: "/api/v1/models/fake-model", methods: { GET: key }, answersOtherMethods: true },
  "/api/v1/openapi.json": { methods: { GET: publicAs(200) }, answersOtherMethods: true },
  "/api/v1/outline": { methods: { POST: json(key) }, answersOtherMethods: true },
  "/api/v1/templates": { methods: { GET: key }, answersOtherMethods: true },
  "/api/v1/templates/[id]": { sample: "/api/v1/templates/blog-post", methods: { POST: json(key) }, answersOtherMethods: true },
  "/api/v1/webhooks/secret": { methods: { GET: key, POST: key }, answersOtherMethods: true },
  "/api/v1/webhooks/test": { methods: { POST: json(key) }, answersOtherMethods: true },
  "/api/v1/write": { methods: { POST: json(key) }, answersOtherMethods: true },
  "/api/webhooks/secret": { methods: { GET: either, POST: either }, answersOtherMethods: true },
  "/api/webhooks/test": { methods: { POST: json(either) }, answersOtherMethods: true },
  "/api/write": { methods: { POST: json(either) }, answersOtherMethods: true },
};

/** Every route file under app/api, as its path (`/api/documents/[id]`): found on disk, so a new one can't be missed. */
export function routeFiles(): string[] {
  const root = path.resolve(import.meta.dirname, "../../app");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js|mjs)$/.test(entry.name)) found.push(`/${path.relative(root, dir).split(path.sep).join("/")}`);
    }
  };
  walk(path.join(root, "api"));
  return found.sort();
}

/** A path that reaches the route: its sample, or its pattern with every segment a UUID. */
export function samplePath(pattern: string): string {
  return routeTable[pattern]?.sample ?? pattern.replace(/\[[^\]]+\]/g, sampleId);
}

export interface RouteCase {
  pattern: string;
  method: Method;
  path: string;
  spec: MethodSpec;
  route: RouteSpec;
}

/** Every method every route serves, in the table's order. */
export function routeCases(): RouteCase[] {
  return Object.entries(routeTable).flatMap(([pattern, route]) =>
    methods.filter((m) => route.methods[m]).map((method) => ({ pattern, method, path: samplePath(pattern), spec: route.methods[method]!, route })),
  );
}

/** The `Allow` header of a route that answers its other methods: its methods in the order above. */
export const allowOf = (route: RouteSpec) => methods.filter((m) => route.methods[m]).join(", ");
