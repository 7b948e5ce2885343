import { AppError } from "@/lib/errors";
import { env } from "@/lib/server/env";
import { errorResponse } from "@/lib/server/http";

/**
 * Benchmark only (`BENCH_ROUTES=true`, set by `npm run bench`): the framework's floor. Forwards
 * the body to the provider's Chat Completions endpoint and returns its answer as is — no auth,
 * limits, logs or parsing — so the benchmark can tell what Next.js itself costs from what
 * Draftwise adds. Disabled, it is indistinguishable from an unknown route (404).
 */
export async function POST(req: Request): Promise<Response> {
  const base = env.OPENAI_BASE_URL;
  if (!env.BENCH_ROUTES || !base) return errorResponse(new AppError("not_found", "There is no API route at this path."));
  let upstream: Response;
  try {
    upstream = await fetch(`${base.replace(/\/+$/, "")}/chat/completions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: await req.text(),
      signal: req.signal,
    });
  } catch {
    return errorResponse(new AppError("upstream_error"));
  }
  return new Response(upstream.body, {
    status: upstream.status,
    headers: { "Content-Type": upstream.headers.get("content-type") ?? "application/json" },
  });
}
