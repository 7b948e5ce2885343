/**
 * Copy-paste examples per operation (`x-codeSamples`, which the reference shows first): curl,
 * JavaScript and Python, reading the key from $DRAFTWISE_API_KEY and calling the server the
 * document was served from.
 */

export interface CodeSample {
  lang: "shell" | "javascript" | "python";
  label: string;
  source: string;
}

/** How a sample authenticates: an API key, the browser's session cookie, or not at all. */
type SampleAuth = "key" | "session" | "none";
/**
 * What the sample reads: one JSON answer, Draftwise's SSE events, the studio chat's UI message
 * stream (SSE of `{ type, delta }` parts), or plain text.
 */
type SampleResponse = "json" | "sse" | "ui-sse" | "text";

export interface SampleRequest {
  method: "GET" | "POST" | "DELETE";
  /** A concrete path, ids filled in. */
  path: string;
  body?: unknown;
  auth: SampleAuth;
  response: SampleResponse;
}

const sessionCookieName = "authjs.session-token";

const json = (value: unknown) => JSON.stringify(value, null, 2);
const indent = (text: string, by: string) => text.replaceAll("\n", `\n${by}`);

/** A JSON value as a Python literal (true → True, null → None). */
function pythonLiteral(value: unknown, pad = ""): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  const inner = `${pad}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${inner}${pythonLiteral(v, inner)},`).join("\n")}\n${pad}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pythonLiteral(v, inner)},`).join("\n")}\n${pad}}`;
}

function curl(url: string, req: SampleRequest): string {
  const lines = [`curl${req.response === "json" ? "" : " -N"}${req.method === "GET" ? "" : ` -X ${req.method}`} ${url}`];
  if (req.auth === "key") lines.push(`-H "Authorization: Bearer $DRAFTWISE_API_KEY"`);
  if (req.auth === "session") lines.push(`-b "${sessionCookieName}=$DRAFTWISE_SESSION"`);
  if (req.body !== undefined) {
    lines.push(`-H "Content-Type: application/json"`);
    lines.push(`-d '${json(req.body).replaceAll("'", "'\\''")}'`);
  }
  return lines.join(" \\\n  ");
}

/** Pulls the text out of one parsed event, per stream format (JavaScript). */
const jsText: Record<"sse" | "ui-sse", string> = {
  sse: `if (event.error) throw new Error(event.error.message);
      process.stdout.write(event.content);`,
  "ui-sse": `if (event.type === "error") throw new Error(event.errorText);
      if (event.type === "text-delta") process.stdout.write(event.delta);`,
};

const pyText: Record<"sse" | "ui-sse", string> = {
  sse: `if "error" in event:
        raise RuntimeError(event["error"]["message"])
    print(event["content"], end="", flush=True)`,
  "ui-sse": `if event["type"] == "error":
        raise RuntimeError(event["errorText"])
    if event["type"] == "text-delta":
        print(event["delta"], end="", flush=True)`,
};

function fetchSample(url: string, req: SampleRequest): string {
  const headers: string[] = [];
  if (req.auth === "key") headers.push("Authorization: `Bearer ${process.env.DRAFTWISE_API_KEY}`");
  if (req.body !== undefined) headers.push(`"Content-Type": "application/json"`);
  const init: string[] = [];
  if (req.method !== "GET") init.push(`method: "${req.method}"`);
  if (headers.length) init.push(`headers: {\n    ${headers.join(",\n    ")},\n  }`);
  // In the signed-in browser, the session cookie goes along by itself.
  if (req.auth === "session") init.push(`credentials: "same-origin"`);
  if (req.body !== undefined) init.push(`body: JSON.stringify(${indent(json(req.body), "  ")})`);
  const call = init.length ? `await fetch("${url}", {\n  ${init.join(",\n  ")},\n})` : `await fetch("${url}")`;
  const lines = [`const res = ${call};`, `if (!res.ok) throw new Error((await res.json()).error.message);`];
  if (req.response === "json") {
    lines.push(`console.log(await res.json());`);
  } else if (req.response === "text") {
    lines.push(`const decoder = new TextDecoder();`, `for await (const chunk of res.body) process.stdout.write(decoder.decode(chunk, { stream: true }));`);
  } else {
    lines.push(`// Server-Sent Events: blocks separated by a blank line, the JSON after "data: ".
const decoder = new TextDecoder();
let buffer = "";
for await (const chunk of res.body) {
  buffer += decoder.decode(chunk, { stream: true });
  let end;
  while ((end = buffer.indexOf("\\n\\n")) >= 0) {
    const data = buffer.slice(0, end).split("\\n").find((line) => line.startsWith("data: "))?.slice(6);
    buffer = buffer.slice(end + 2);
    if (data && data !== "[DONE]") {
      const event = JSON.parse(data);
      ${jsText[req.response]}
    }
  }
}`);
  }
  return lines.join("\n");
}

function requestsSample(url: string, req: SampleRequest): string {
  const args = [JSON.stringify(url)];
  if (req.auth === "key") args.push(`headers={"Authorization": f"Bearer {os.environ['DRAFTWISE_API_KEY']}"}`);
  if (req.auth === "session") args.push(`cookies={"${sessionCookieName}": os.environ["DRAFTWISE_SESSION"]}`);
  if (req.body !== undefined) args.push(`json=${pythonLiteral(req.body, "    ")}`);
  if (req.response !== "json") args.push("stream=True");
  const stdlib = [...(req.response === "sse" || req.response === "ui-sse" ? ["import json"] : []), ...(req.auth === "none" ? [] : ["import os"])];
  const imports = [...stdlib, ...(stdlib.length ? [""] : []), "import requests", ""];
  const call = `res = requests.${req.method.toLowerCase()}(\n    ${args.join(",\n    ")},\n)`;
  const lines = [...imports, call, "res.raise_for_status()"];
  if (req.response === "json") lines.push("print(res.json())");
  else if (req.response === "text") lines.push(`for text in res.iter_content(chunk_size=None, decode_unicode=True):\n    print(text, end="", flush=True)`);
  else {
    lines.push(`for line in res.iter_lines(decode_unicode=True):
    if not line.startswith("data: ") or line == "data: [DONE]":
        continue
    event = json.loads(line[6:])
    ${pyText[req.response]}`);
  }
  return lines.join("\n");
}

export function codeSamples(serverUrl: string, req: SampleRequest): CodeSample[] {
  const url = `${serverUrl}${req.path}`;
  return [
    { lang: "shell", label: "curl", source: curl(url, req) },
    { lang: "javascript", label: "JavaScript (fetch)", source: fetchSample(url, req) },
    { lang: "python", label: "Python (requests)", source: requestsSample(url, req) },
  ];
}

/** The official `openai` SDKs pointed at Draftwise: the OpenAI-compatible operations. */
export function openAISdkSamples(serverUrl: string, kind: "chat" | "models" | "model", model: string): CodeSample[] {
  const baseURL = `${serverUrl}/api/v1`;
  const js = {
    chat: `const stream = await client.chat.completions.create({
  model: ${JSON.stringify(model)},
  messages: [{ role: "user", content: "Write a haiku about autumn." }],
  stream: true,
  stream_options: { include_usage: true },
});
for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
  if (chunk.usage) console.log("\\n", chunk.usage);
}`,
    models: `for await (const model of client.models.list()) console.log(model.id);`,
    model: `console.log(await client.models.retrieve(${JSON.stringify(model)}));`,
  }[kind];
  const py = {
    chat: `stream = client.chat.completions.create(
    model=${JSON.stringify(model)},
    messages=[{"role": "user", "content": "Write a haiku about autumn."}],
    stream=True,
    stream_options={"include_usage": True},
)
for chunk in stream:
    if chunk.choices:
        print(chunk.choices[0].delta.content or "", end="", flush=True)
    if chunk.usage:
        print("\\n", chunk.usage)`,
    models: `for model in client.models.list():
    print(model.id)`,
    model: `print(client.models.retrieve(${JSON.stringify(model)}))`,
  }[kind];
  return [
    {
      lang: "javascript",
      label: "JavaScript (openai)",
      source: `import OpenAI from "openai";

const client = new OpenAI({ apiKey: process.env.DRAFTWISE_API_KEY, baseURL: "${baseURL}" });

${js}`,
    },
    {
      lang: "python",
      label: "Python (openai)",
      source: `import os

from openai import OpenAI

client = OpenAI(api_key=os.environ["DRAFTWISE_API_KEY"], base_url="${baseURL}")

${py}`,
    },
  ];
}
