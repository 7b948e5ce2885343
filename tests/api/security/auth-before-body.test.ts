import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { appUrl } from "../helpers";
import { routeCases } from "../route-table";

// Issue 16, item 6: an anonymous caller gets its 401 from the headers alone. Reading (and
// parsing) a body first let anyone spend the server's CPU with megabytes it never meant to use.

// Every route that reads a JSON body, from the route table (so a new one is covered at once).
const writeRoutes = routeCases()
  .filter((c) => c.spec.jsonBytes !== undefined)
  .map((c): [method: string, path: string] => [c.method, c.path]);

/**
 * Sends the headers and the first kilobyte of a body declared `declared` bytes long, and never
 * the rest: a server that waits for the body before authenticating answers nothing in time.
 */
function partialBody(method: string, path: string, declared: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, appUrl()), {
      method,
      headers: { "Content-Type": "application/json", "Content-Length": String(declared) },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${method} ${path}: no answer within 5 s while the body was still arriving`));
    }, 5_000);
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.write(`{"text":"${"x".repeat(1024)}`);
  });
}

describe("authentication comes before the body", () => {
  it.each(writeRoutes)("%s %s answers an anonymous caller 401 without waiting for its body", async (method, path) => {
    const { status, body } = await partialBody(method, path, 200_000);
    expect(status).toBe(401);
    expect(JSON.parse(body).error.code).toBe("unauthorized");
  });

  it.each(writeRoutes)("%s %s answers an anonymous oversize body 401, not 413 after reading it", async (method, path) => {
    const { status } = await partialBody(method, path, 50_000_000);
    expect(status).toBe(401);
  });
});
