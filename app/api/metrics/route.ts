import { AppError } from "@/lib/errors";
import { otherMethods, route } from "@/lib/server/http";
import { authorizeMetrics, metricsText } from "@/lib/server/metrics";

export const dynamic = "force-dynamic";

/** Prometheus text format; with METRICS_TOKEN set, only for `Authorization: Bearer <METRICS_TOKEN>`. */
export const GET = route(async (req) => {
  if (!authorizeMetrics(req.headers.get("authorization"))) {
    throw new AppError("unauthorized", "Send Authorization: Bearer <METRICS_TOKEN> to read the metrics.", {
      headers: { "WWW-Authenticate": 'Bearer realm="metrics"' },
    });
  }
  const { contentType, body } = await metricsText();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
