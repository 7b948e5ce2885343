import { Writable } from "node:stream";
import { DrizzleQueryError } from "drizzle-orm/errors";
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
        edit: { style_guide: { voice: prompt }, outline: { title: prompt }, instruction: prompt, selection: answer },
      },
      "request",
    );
    expect(lines).toHaveLength(1);
    for (const secret of secrets) expect(lines[0]).not.toContain(secret);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ msg: "request", route: "/api/chat", level: "info", prompt: "[redacted]" });
    expect(line.deep.a.b.c.d.e).toEqual({ output: "[redacted]", api_key: "[redacted]", text: "[redacted]" });
    expect(line.edit).toEqual({ style_guide: "[redacted]", outline: "[redacted]", instruction: "[redacted]", selection: "[redacted]" });
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

describe("errors that quote request content", () => {
  const marker = "DOC-5e0b7c";
  /** A document as a failed query's params carry it: many lines, one of them looking like a stack frame. */
  const document = JSON.stringify({ title: `${marker} plans`, text: `line one\n    at ${marker} (frame.js:1:1)\nNUL \u0000 ${marker}` });

  /** A failed query as drizzle reports it: its Postgres (here PGlite) error, refusing a NUL in jsonb, as its cause. */
  function failedQuery(): Error {
    const query = "select $1::jsonb as doc";
    const cause = Object.assign(new Error("unsupported Unicode escape sequence"), {
      name: "error",
      severity: "ERROR",
      code: "22P05",
      detail: "\\u0000 cannot be converted to text.",
      where: `JSON data, line 1: ${document}`,
      query,
      params: [document],
      queryOptions: {},
    });
    return new DrizzleQueryError(query, [document], cause);
  }

  it("logs a failed query's SQL, codes and frames, never its params, in message, stack or causes", () => {
    const error = failedQuery();
    // What the logger is up against: the params are in the message, the stack and both errors' properties.
    expect(error.message).toContain(marker);
    expect(error.stack).toContain(marker);
    expect((error.cause as { params?: unknown[] }).params?.[0]).toContain(marker);

    const { logger, lines } = captured();
    logger.error({ err: error, route: "/api/documents" }, "unhandled route error");
    logger.error(error);
    logger.error({ err: error });
    logger.warn({ failure: error, nested: { list: [error] } }, "elsewhere");
    logger.error({ err: new AggregateError([error, new Error(`second: Value: ${marker}`)], "both failed") }, "aggregate");
    logger.error({ err: new Error("wrapped", { cause: error }) }, "wrapped");
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line).not.toContain(marker);

    const [first, bare] = lines.map((l) => JSON.parse(l) as { msg: string; err: Record<string, unknown> & { cause: Record<string, unknown> } });
    expect(first!.err).toMatchObject({ type: "Error", message: "Failed query: select $1::jsonb as doc" });
    expect(first!.err.stack).toMatch(/^\s+at /);
    expect(first!.err.cause).toMatchObject({ code: "22P05", message: "unsupported Unicode escape sequence" });
    expect(bare!.msg).toBe("Failed query: select $1::jsonb as doc");
  });

  it("keeps what Postgres says before the value it quotes, and none of a database error's fields", () => {
    const { logger, lines } = captured();
    const pgError = Object.assign(new Error(`invalid input syntax for type uuid: "${marker}"`), {
      name: "error",
      severity: "ERROR",
      code: "22P02",
      detail: `Key (title)=(${marker}) already exists.`,
      where: `JSON data, line 1: ${marker}`,
      internalQuery: `select '${marker}'`,
    });
    logger.error({ err: pgError }, "db");
    expect(lines[0]).not.toContain(marker);
    expect(JSON.parse(lines[0]!).err).toMatchObject({ type: "error", code: "22P02", message: "invalid input syntax for type uuid" });
  });

  it("cuts a message where it starts quoting model output or values, and keeps only its first line", () => {
    const { logger, parsed } = captured();
    logger.error({ err: new Error(`JSON parsing failed: Text: {"title": "${marker}"}.\nError message: bad`) }, "a");
    logger.error({ err: new Error(`Type validation failed: Value: {"q":"${marker}"}.`) }, "b");
    logger.error({ err: new Error(`could not save\n${marker}`) }, "c");
    let syntax: unknown;
    try {
      JSON.parse(`{"title": ${marker}}`);
    } catch (error) {
      syntax = error;
    }
    logger.error({ err: syntax }, "d");
    const errs = parsed().map((l) => (l as { err: { message: string; stack: string } }).err);
    expect(errs.map((e) => e.message)).toEqual([
      "JSON parsing failed: [redacted]",
      "Type validation failed: [redacted]",
      "could not save",
      expect.stringContaining("[redacted]"),
    ]);
    for (const e of errs) expect(JSON.stringify(e)).not.toContain(marker);
  });

  it("censors query values wherever a logged object carries them", () => {
    const { logger, lines } = captured();
    logger.error(
      {
        err: Object.assign(new Error("failed"), { cause: { query: `insert ${marker}`, params: [marker], parameters: [marker] } }),
        query: { text: "insert into documents", values: [marker] },
        db: { params: [marker], queryOptions: { rowMode: marker } },
      },
      "query failed",
    );
    expect(lines[0]).not.toContain(marker);
    for (const key of ["params", "parameters", "query", "values", "queryOptions"]) expect(isSensitiveKey(key), key).toBe(true);
  });
});
