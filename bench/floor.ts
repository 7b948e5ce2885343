/**
 * What a model stream costs outside the app: a bare Node process reading streams from the
 * scripted upstream, either as a plain `fetch` body or through the AI SDK's OpenAI provider
 * (`doStream`, what every Draftwise stream reads). Run by `npm run bench`, one process per mode:
 *
 *   node --expose-gc --import tsx bench/floor.ts fetch|ai-sdk <upstream /v1 URL> <streams>
 *     memory: holds that many slow streams; resident set and heap per stream after a full collection
 *   node --import tsx bench/floor.ts fetch|ai-sdk <upstream /v1 URL> cpu <in flight> <seconds>
 *     CPU: reads fast streams (20 tokens, no delay) closed-loop; streams/s and CPU time per stream
 *
 * Prints one JSON line.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, setGlobalDispatcher } from "undici";

const [mode, baseURL, count] = process.argv.slice(2);
if ((mode !== "fetch" && mode !== "ai-sdk") || !baseURL || !count) throw new Error("usage: floor.ts fetch|ai-sdk <upstream /v1 URL> <streams> | cpu <in flight> <seconds>");
const cpuMode = count === "cpu";
const streams = cpuMode ? Number(process.argv[5] ?? 64) : Number(count);
const prompt = (i: number) => (cpuMode ? `[[tokens=20]] Fast ${i}` : `[[tokens=50]] [[delay=1000]] Hold ${i}`);
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

/** Reads a stream to its end. */
async function drain(reader: ReadableStreamDefaultReader<unknown>): Promise<void> {
  while (!(await reader.read()).done);
}

async function measureCpu(seconds: number): Promise<void> {
  for (let i = 0; i < 50; i++) await drain(await open(i)); // warm-up
  let done = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: streams }, async () => {
      while (performance.now() < end) {
        await drain(await open(done));
        done++;
      }
    }),
  );
  const used = process.cpuUsage(before);
  const elapsed = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ mode, perSecond: done / elapsed, cpuMsPerStream: (used.user + used.system) / 1000 / done }));
}

async function measureMemory(): Promise<void> {
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
}

await (cpuMode ? measureCpu(Number(process.argv[6] ?? 4)) : measureMemory());
process.exit(0);
