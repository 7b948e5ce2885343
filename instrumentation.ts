/** Runs once when the server starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Traces (Next's request spans, fetch spans, model-call spans) go to an OTLP/HTTP receiver only
    // when one is configured; @vercel/otel posts protobuf to `${OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`.
    const otlp = process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
    if (otlp) {
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT = otlp.replace(/\/+$/, ""); // `http://host:4318/` must not give `//v1/traces`
      const { registerOTel } = await import("@vercel/otel");
      registerOTel({ serviceName: process.env.OTEL_SERVICE_NAME?.trim() || "draftwise" });
    }
    const { checkEnvironment } = await import("@/lib/server/startup");
    await checkEnvironment();
    const { installShutdownHandler } = await import("@/lib/server/lifecycle");
    installShutdownHandler();
    // Jobs queued before a restart, or cut short by one, run again (JOBS_RUNNER: this process, the
    // Redis queue's workers, or the cron route on serverless); webhooks of finished jobs go out.
    const { startJobRunners } = await import("@/lib/server/jobs/dispatch");
    startJobRunners();
  }
}
