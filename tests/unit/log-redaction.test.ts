import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, isSensitiveKey, scrub } from "@/lib/server/log";

/** A logger whose lines land in an array, parsed. */
function captured(level = "trace") {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level, destination });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const prompt = "PROMPT-8c1f: tell me my secret plan";
const answer = "ANSWER-51aa: here is the plan";
const apiKey = `dw_${"A1b2C3d4".repeat(5)}`;
const cookieValue = "authjs.session-token=COOKIE-77e2";
const password = "PASSWORD-correct horse";
const secrets = [prompt, answer, apiKey, "COOKIE-77e2", password, "sk-upstream-0123456789"];

describe("log redaction", () => {
  it("removes prompts, outputs, keys, cookies and passwords at any depth", () => {
    const { logger, lines } = captured();
    logger.info(
      {
        route: "/api/chat",
        prompt,
        password,
        apiKey,
        body: { messages: [{ role: "user", content: prompt }] },
        deep: { a: { b: { c: { d: { e: { output: answer, api_key: apiKey, text: answer } } } } } },
        request: { headers: { authorization: `Bearer ${apiKey}`, cookie: cookieValue } },
        user: { newPassword: password, clientSecret: "sk-upstream-0123456789", instructions: prompt },
        list: [{ input: prompt }, { completion: answer }],
      },
      "request",
    );
    expect(lines).toHaveLength(1);
    for (const secret of secrets) expect(lines[0]).not.toContain(secret);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ msg: "request", route: "/api/chat", level: "info", prompt: "[redacted]" });
    expect(line.deep.a.b.c.d.e).toEqual({ output: "[redacted]", api_key: "[redacted]", text: "[redacted]" });
  });

  it("masks key-looking values in harmless fields and keeps the fields that matter", () => {
    const { logger, parsed } = captured();
    logger.warn(
      { requestId: "r1", userId: "u1", keyId: "k1", inputTokens: 12, outputTokens: 30, note: `called with Bearer ${apiKey} and sk-upstream-0123456789` },
      "model call",
    );
    const [line] = parsed();
    expect(line).toMatchObject({ requestId: "r1", userId: "u1", keyId: "k1", inputTokens: 12, outputTokens: 30 });
    expect(line!.note).toBe("called with [redacted] and [redacted]");
  });

  it("logs an error's type and message, never the provider request it carries", () => {
    const { logger, lines } = captured();
    const error = Object.assign(new Error("upstream failed"), {
      name: "AI_APICallError",
      statusCode: 503,
      requestBodyValues: { messages: [{ role: "user", content: prompt }] },
      responseBody: answer,
      cause: Object.assign(new Error(`auth Bearer ${apiKey}`), { headers: { cookie: cookieValue } }),
    });
    logger.error({ err: error, route: "/api/chat" }, "model call failed");
    for (const secret of secrets) expect(lines[0]).not.toContain(secret);
    const line = JSON.parse(lines[0]!);
    expect(line.err).toMatchObject({ type: "AI_APICallError", message: "upstream failed", status: 503 });
    expect(line.err.cause.message).toBe("auth [redacted]");
  });

  it("censors child-logger bindings too", () => {
    const { logger, lines } = captured();
    logger.child({ requestId: "r2", token: apiKey }).info("hello");
    expect(lines[0]).not.toContain(apiKey);
    expect(JSON.parse(lines[0]!)).toMatchObject({ requestId: "r2", token: "[redacted]" });
  });

  it("respects the level: silent writes nothing", () => {
    const { logger, lines } = captured("silent");
    logger.error({ route: "/x" }, "nope");
    expect(lines).toEqual([]);
  });

  it("tells sensitive keys from the counters beside them", () => {
    for (const key of ["prompt", "messages", "content", "API_KEY", "api-key", "Authorization", "set-cookie", "csrfToken", "accessToken", "password"]) {
      expect(isSensitiveKey(key), key).toBe(true);
    }
    for (const key of ["inputTokens", "outputTokens", "keyId", "userId", "route", "model", "latencyMs", "ttftMs", "status"]) {
      expect(isSensitiveKey(key), key).toBe(false);
    }
    expect(scrub({ a: [{ b: { password } }] })).toEqual({ a: [{ b: { password: "[redacted]" } }] });
  });
});
