/**
 * The memory floor of a held stream outside the app: a bare Node process holding N slow
 * streams from the scripted upstream, either as a plain `fetch` body or through the AI SDK's
 * OpenAI provider (`doStream`, what every Draftwise stream reads). Run by `npm run bench`'s
 * memory phase, one process per mode, with --expose-gc:
 *
 *   node --expose-gc --import tsx bench/floor.ts fetch|ai-sdk <upstream /v1 URL> <streams>
 *
 * Prints one JSON line: resident set and heap per held stream, after a full collection.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, setGlobalDispatcher } from "undici";

const [mode, baseURL, count] = process.argv.slice(2);
if ((mode !== "fetch" && mode !== "ai-sdk") || !baseURL || !count) throw new Error("usage: floor.ts fetch|ai-sdk <upstream /v1 URL> <streams>");
const streams = Number(count);
const prompt = (i: number) => `[[tokens=50]] [[delay=1000]] Hold ${i}`;
setGlobalDispatcher(new Agent({ connections: streams + 64, headersTimeout: 120_000, bodyTimeout: 120_000 }));

const collect = async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc");
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(50);
  }
};

const provider = createOpenAI({ baseURL, apiKey: "bench" });

/** Opens one stream and reads until its first text; returns it, still open. */
async function open(i: number): Promise<ReadableStreamDefaultReader<unknown>> {
  if (mode === "fetch") {
    const res = await fetch(`${baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "fake-model", stream: true, messages: [{ role: "user", content: prompt(i) }] }),
    });
    const reader = res.body!.getReader();
    for (let text = ""; !/"content":"[^"]/.test(text); ) {
      const { value, done } = await reader.read();
      if (done) throw new Error("the stream ended early");
      text += Buffer.from(value).toString();
    }
    return reader;
  }
  const { stream } = await provider.chat("fake-model").doStream({
    prompt: [{ role: "user", content: [{ type: "text", text: prompt(i) }] }],
    abortSignal: new AbortController().signal,
  });
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the stream ended early");
    if (value.type === "text-delta") return reader;
  }
}

for (let i = 0; i < 20; i++) await (await open(i)).cancel(); // warm-up: code loaded and compiled
await collect();
const idle = process.memoryUsage();
const held: Array<ReadableStreamDefaultReader<unknown>> = [];
for (let i = 0; i < streams; i += 100) {
  held.push(...(await Promise.all(Array.from({ length: Math.min(100, streams - i) }, (_, j) => open(i + j)))));
}
await collect();
const after = process.memoryUsage();
console.log(
  JSON.stringify({
    mode,
    held: held.length,
    rssPerStreamKb: (after.rss - idle.rss) / held.length / 1024,
    heapPerStreamKb: (after.heapUsed - idle.heapUsed) / held.length / 1024,
  }),
);
await Promise.all(held.map((r) => r.cancel().catch(() => {})));
process.exit(0);
