import "server-only";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { CheckedTarget } from "./address";

const webhookUserAgent = "Draftwise-Webhooks/1";

export interface SendResult {
  statusCode: number | null;
  /** Why the attempt failed; null on a 2xx. */
  error: string | null;
  durationMs: number;
}

/** The most of a receiver's answer that is read (and thrown away) before the connection is closed. */
const MAX_RESPONSE_BYTES = 64 * 1024;

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case "ECONNREFUSED":
      return "The connection was refused.";
    case "ECONNRESET":
      return "The connection was reset before an answer came.";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "The host is unreachable.";
    case "ETIMEDOUT":
      return "Connecting timed out.";
    case "EPROTO":
      return "TLS handshake failed.";
    default:
      if (typeof code === "string" && /CERT|SSL|TLS/.test(code)) return `TLS error (${code}).`;
      return typeof code === "string" ? `Network error (${code}).` : "Network error.";
  }
}

/**
 * POSTs one signed body to a checked target. The connection goes to the address that was
 * checked (a lookup that answers only it), so DNS can't move it elsewhere in between; the Host
 * header and TLS server name stay the URL's host. Redirects are not followed: a 3xx is a failed
 * attempt. Never throws.
 */
export function postWebhook({
  target,
  body,
  headers,
  timeoutMs,
}: {
  target: CheckedTarget;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const { url } = target;
  const client = url.protocol === "https:" ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const req = client.request(
      {
        protocol: url.protocol,
        hostname: target.hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: "POST",
        lookup: pinned,
        agent: false,
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "user-agent": webhookUserAgent,
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let read = 0;
        res.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const done = () =>
          finish(
            status >= 200 && status < 300
              ? { statusCode: status, error: null }
              : {
                  statusCode: status,
                  error:
                    status >= 300 && status < 400
                      ? `The receiver answered ${status} (a redirect); redirects are not followed.`
                      : `The receiver answered ${status}; only a 2xx counts as delivered.`,
                },
          );
        res.on("end", done);
        res.on("close", done);
        res.on("error", done);
      },
    );
    const timer = setTimeout(() => {
      finish({ statusCode: null, error: `No answer within ${timeoutMs} ms (timeout).` });
      req.destroy();
    }, timeoutMs);
    req.on("error", (error) => finish({ statusCode: null, error: describeNetworkError(error) }));
    req.end(body);
  });
}
