/**
 * The editor's section: the production build and the scripted upstream, driven in Chromium (Debian's
 * /usr/bin/chromium, or CHROMIUM_PATH) by playwright-core, as a writer uses the studio:
 * - keystroke → paint while typing at a human pace in the middle of a 15,000-word document, with
 *   200 pending suggestion hunks and without;
 * - a streamed rewrite of a 2,000-word section through the real flow (select, Improve writing, the
 *   scripted model streams the edited text): the longest main-thread task, and how long after the
 *   first chunk reached the page the first `ins`/`del` was in the document;
 * - time to an editable document (cold: a fresh browser profile; warm: loaded again) and the gzip
 *   size of the JavaScript the editor page loads.
 * Nothing here is a test: the figures go to bench/results.json beside their targets.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { appEnvironment, root, startApp, startUpstream } from "./procs.ts";
import type { EditorResult, SectionRunner } from "./report.ts";
import { summarize } from "./stats.ts";

export interface EditorSettings {
  distDir: string;
  upstreamPort: number;
  port: number;
  chromiumPath: string;
  /** Words of the documents. */
  words: number;
  /** Pending hunks of the typing document. */
  hunks: number;
  /** Characters typed per series (after a few not counted), and the pause between keys. */
  typed: number;
  keyDelayMs: number;
  /** Words of the rewritten section, and the scripted model's pause between words. */
  sectionWords: number;
  streamDelayMs: number;
  /** Loads per time-to-editable figure (the median is reported). */
  loads: number;
  /** A folder to keep the Chromium traces in (CPU profile included), to open in DevTools. */
  traceDir?: string;
}

const vocabulary = (
  "the a of and to in that it was for on with as his her they at be this from have or by one had not but what all were when we there can an " +
  "your which their said if do will each about how up out them then she many some so these would other into has more two like him see time " +
  "could no make than first been its who now people my made over did down only way find use may water long little very after words called just"
).split(" ");

const paragraphWords = 100;
const sectionMarkerEvery = 20;

/** A deterministic paragraph of `count` words. */
function prose(seed: number, count: number): string[] {
  const words: string[] = [];
  let x = seed * 7919 + 17;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    words.push(vocabulary[x % vocabulary.length]!);
  }
  words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
  return words;
}

type JsonNode = { type: string; text?: string; content?: JsonNode[]; marks?: { type: string; attrs: Record<string, unknown> }[] };
const text = (value: string, marks?: JsonNode["marks"]): JsonNode => ({ type: "text", text: value, ...(marks ? { marks } : {}) });
const paragraph = (content: JsonNode[]): JsonNode => ({ type: "paragraph", content });
const suggestion = (kind: "insertion" | "deletion", id: string) => [{ type: "suggestion", attrs: { kind, id, runId: "benchrun", conflict: false } }];

/** `words` words in paragraphs of 100; `hunks` replacements of one word each spread evenly, as pending suggestions. */
export function typingDocument(words: number, hunks: number): JsonNode {
  const count = Math.ceil(words / paragraphWords);
  const blocks: JsonNode[] = [];
  let made = 0;
  for (let p = 0; p < count; p++) {
    const list = prose(p, paragraphWords);
    const here = Math.floor(((p + 1) * hunks) / count) - made;
    if (here <= 0) {
      blocks.push(paragraph([text(`${list.join(" ")}.`)]));
      continue;
    }
    const content: JsonNode[] = [];
    let from = 0;
    for (let h = 0; h < here; h++) {
      const at = Math.floor(((h + 0.5) * paragraphWords) / here);
      const id = `bench${made + h}`;
      content.push(text(`${list.slice(from, at).join(" ")} `));
      content.push(text(list[at]!, suggestion("deletion", id)));
      content.push(text(`${list[at]!}s`, suggestion("insertion", id)));
      from = at + 1;
    }
    content.push(text(` ${list.slice(from).join(" ")}.`));
    blocks.push(paragraph(content));
    made += here;
  }
  return { type: "doc", content: blocks };
}

/**
 * `words` words; the paragraphs of the section to rewrite carry a scripted-model directive every 20
 * words (`[[k=n]]`, dropped by the echo: each a deleted hunk), the first one the script itself: echo
 * the section back, a word every `delayMs`.
 */
export function rewriteDocument(words: number, sectionWords: number, delayMs: number): { doc: JsonNode; first: number; last: number } {
  const count = Math.ceil(words / paragraphWords);
  const sectionParagraphs = Math.ceil(sectionWords / paragraphWords);
  const first = Math.floor((count - sectionParagraphs) / 2);
  const last = first + sectionParagraphs - 1;
  const blocks: JsonNode[] = [];
  for (let p = 0; p < count; p++) {
    const list = prose(p, paragraphWords);
    if (p >= first && p <= last) {
      for (let i = list.length - sectionMarkerEvery; i > 0; i -= sectionMarkerEvery) list.splice(i, 0, `[[k=${p}${i}]]`);
      if (p === first) list.unshift(`[[echo=text]] [[delay=${delayMs}]]`);
    }
    blocks.push(paragraph([text(`${list.join(" ")}.`)]));
  }
  return { doc: { type: "doc", content: blocks }, first, last };
}

/** Set in every page before its scripts: long tasks, long animation frames, the first chunk of /api/edits and the first hunk. */
function instrument() {
  const bench = {
    firstChunk: 0,
    firstChange: 0,
    longTasks: [] as number[],
    frames: [] as { duration: number; blocking: number }[],
    latencies: [] as number[],
    eventDurations: [] as number[],
  };
  (window as unknown as { __bench: typeof bench }).__bench = bench;
  new PerformanceObserver((list) => list.getEntries().forEach((e) => bench.longTasks.push(e.duration))).observe({ type: "longtask", buffered: true });
  try {
    new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => bench.frames.push({ duration: e.duration, blocking: (e as PerformanceEntry & { blockingDuration: number }).blockingDuration })),
    ).observe({ type: "long-animation-frame", buffered: true });
  } catch {
    // Not in this Chromium: the long tasks still count.
  }
  const fetch = window.fetch.bind(window);
  window.fetch = async (...args: Parameters<typeof window.fetch>) => {
    const response = await fetch(...args);
    const url = args[0] instanceof Request ? args[0].url : String(args[0]);
    if (!url.includes("/api/edits") || !response.body) return response;
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          if (!bench.firstChunk && chunk.byteLength) bench.firstChunk = performance.now();
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  new MutationObserver((records) => {
    if (bench.firstChange) return;
    const hunk = records.some((r) => [...r.addedNodes].some((n) => n instanceof Element && (n.matches("ins[data-suggestion-id], del[data-suggestion-id]") || n.querySelector("ins[data-suggestion-id], del[data-suggestion-id]"))));
    if (hunk) bench.firstChange = performance.now();
  }).observe(document, { childList: true, subtree: true });
}

type Bench = ReturnType<typeof readBench> extends Promise<infer T> ? T : never;
const readBench = (page: Page) =>
  page.evaluate(() => (window as unknown as { __bench: { firstChunk: number; firstChange: number; longTasks: number[]; frames: { duration: number; blocking: number }[]; latencies: number[]; eventDurations: number[] } }).__bench);
const resetBench = (page: Page) =>
  page.evaluate(() => {
    const b = (window as unknown as { __bench: Bench }).__bench;
    b.firstChunk = 0;
    b.firstChange = 0;
    b.longTasks.length = 0;
    b.frames.length = 0;
    b.latencies.length = 0;
    b.eventDurations.length = 0;
  });

const editable = "[contenteditable='true'][aria-label='Document']";

/** Opens a document and waits until it can be typed in with its text there; ms since navigation start. */
async function openDocument(page: Page, origin: string, id: string, minChars = 1000): Promise<number> {
  await page.goto(`${origin}/d/${id}`);
  const ready = await page.waitForFunction(
    ([selector, min]) => {
      const el = document.querySelector(selector as string);
      return el && (el.textContent ?? "").length >= (min as number) ? performance.now() : false;
    },
    [editable, minChars] as const,
    { polling: "raf", timeout: 60_000 },
  );
  return (await ready.jsonValue()) as number;
}

async function createDocument(page: Page, origin: string, title: string, content: JsonNode): Promise<string> {
  const id = await page.evaluate(
    async ([url, body]) => {
      const res = await fetch(url as string, { method: "POST", headers: { "content-type": "application/json" }, body: body as string });
      if (!res.ok) throw new Error(`POST /api/documents: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { document: { id: string } }).document.id;
    },
    [`${origin}/api/documents`, JSON.stringify({ title, content })] as const,
  );
  return id;
}

/** Puts the caret after the 50th word of the middle paragraph, in view. */
async function caretInMiddle(page: Page): Promise<void> {
  const point = await page.evaluate((selector) => {
    const root = document.querySelector(selector)!;
    const blocks = root.querySelectorAll(":scope > p");
    const block = blocks[Math.floor(blocks.length / 2)]!;
    block.scrollIntoView({ block: "center" });
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let words = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const value = node.textContent ?? "";
      for (const match of value.matchAll(/\S+/g)) {
        if (++words < 50) continue;
        const range = document.createRange();
        const end = match.index + match[0].length;
        range.setStart(node, end - 1);
        range.setEnd(node, end);
        const rect = range.getBoundingClientRect();
        return { x: rect.right - 1, y: rect.top + rect.height / 2 };
      }
    }
    throw new Error("The middle paragraph has fewer than 50 words");
  }, editable);
  await page.mouse.click(point.x, point.y);
}

const sentence = "and then we went down to the water to see how long the little boats would take to come in from the sea ";

/**
 * Types at a human pace and measures each keystroke: from the key event's timestamp to just after the
 * next frame is painted (a task posted from the frame's requestAnimationFrame runs once it is
 * committed). Event Timing (`event` entries over 16 ms) is read beside it.
 */
async function typing(page: Page, settings: EditorSettings): Promise<{ latency: ReturnType<typeof summarize>; eventsOver16: number; eventsOver50: number; longTasks: number[] }> {
  await caretInMiddle(page);
  await page.keyboard.type("warm up ", { delay: settings.keyDelayMs });
  await page.waitForTimeout(1500);
  await resetBench(page);
  await page.evaluate(() => {
    const b = (window as unknown as { __bench: Bench }).__bench;
    const listen = (event: KeyboardEvent) => {
      if (event.key.length !== 1) return;
      const start = event.timeStamp;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => b.latencies.push(performance.now() - start);
        channel.port2.postMessage(null);
      });
    };
    document.addEventListener("keydown", listen, true);
    new PerformanceObserver((list) => list.getEntries().forEach((e) => e.name === "keydown" && b.eventDurations.push(e.duration))).observe({
      type: "event",
      durationThreshold: 16,
    } as PerformanceObserverInit);
  });
  const typed = sentence.repeat(Math.ceil(settings.typed / sentence.length)).slice(0, settings.typed);
  await page.keyboard.type(typed, { delay: settings.keyDelayMs });
  await page.waitForTimeout(500);
  const b = await readBench(page);
  return {
    latency: summarize(b.latencies),
    eventsOver16: b.eventDurations.filter((d) => d > 16).length,
    eventsOver50: b.eventDurations.filter((d) => d > 50).length,
    longTasks: b.longTasks,
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

/** The longest task on a renderer's main thread in a Chromium trace, ms. */
function longestTask(trace: Buffer): number {
  const { traceEvents } = JSON.parse(trace.toString("utf8")) as { traceEvents: TraceEvent[] };
  const main = new Set(traceEvents.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
  let longest = 0;
  for (const e of traceEvents) {
    if (e.ph === "X" && (e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask") && main.has(`${e.pid}:${e.tid}`)) longest = Math.max(longest, (e.dur ?? 0) / 1000);
  }
  return longest;
}

const traceCategories = (profile: boolean) => ["toplevel", ...(profile ? ["devtools.timeline", "disabled-by-default-v8.cpu_profiler"] : [])];

/** The streamed rewrite of the section, through the studio's own flow. */
async function rewrite(browser: Browser, page: Page, settings: EditorSettings, first: number, last: number) {
  await page.evaluate(
    ([selector, from, to]) => {
      const root = document.querySelector(selector as string) as HTMLElement;
      const blocks = root.querySelectorAll(":scope > p");
      const start = blocks[from as number]!;
      const end = blocks[to as number]!;
      start.scrollIntoView({ block: "start" });
      root.focus();
      const range = document.createRange();
      range.setStart(start.firstChild!, 0);
      range.setEnd(end.lastChild!, end.lastChild!.textContent!.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    },
    [editable, first, last] as const,
  );
  await page.waitForTimeout(300);
  await page.keyboard.press("Control+j");
  const improve = page.getByTestId("ai-action-improve");
  await improve.waitFor();
  await page.waitForTimeout(300);
  // Found before the trace starts and clicked from the page: Playwright's own querying and checks don't count.
  const button = await improve.elementHandle();
  await resetBench(page);
  await browser.startTracing(page, { categories: traceCategories(Boolean(settings.traceDir)) });
  const started = performance.now();
  await button!.evaluate((el) => (el as HTMLElement).click());
  const review = page.getByTestId("review-bar").and(page.locator("[data-status='review']"));
  const failed = page.getByTestId("review-error");
  await review.or(failed).first().waitFor({ timeout: 300_000 });
  if (await failed.isVisible()) throw new Error(`The rewrite failed: ${await failed.innerText()}`);
  const streamSeconds = (performance.now() - started) / 1000;
  const trace = await browser.stopTracing();
  if (settings.traceDir) writeFileSync(path.join(settings.traceDir, "rewrite-trace.json"), trace);
  const b = await readBench(page);
  const hunks = await page.evaluate(() => new Set([...document.querySelectorAll("[data-suggestion-id]")].map((n) => n.getAttribute("data-suggestion-id"))).size);
  return {
    streamSeconds,
    hunks,
    longestTaskMs: longestTask(trace),
    longTasks: b.longTasks.length,
    longestFrameBlockingMs: Math.max(0, ...b.frames.map((f) => f.blocking)),
    firstChangeMs: b.firstChunk && b.firstChange ? b.firstChange - b.firstChunk : null,
  };
}

/** The JavaScript files a page loaded from the build, each gzipped as the server would send it. */
function bundleSize(urls: string[], distDir: string): { files: number; bytes: number; gzipBytes: number } {
  let bytes = 0;
  let gzipBytes = 0;
  const files = [...new Set(urls.map((u) => new URL(u).pathname).filter((p) => p.startsWith("/_next/static/") && p.endsWith(".js")))];
  for (const file of files) {
    const local = path.join(root, distDir, "static", decodeURIComponent(file.slice("/_next/static/".length)));
    if (!existsSync(local)) continue;
    const body = readFileSync(local);
    bytes += body.length;
    gzipBytes += gzipSync(body, { level: 6 }).length;
  }
  return { files: files.length, bytes, gzipBytes };
}

const median = (values: number[]) => summarize(values).p50;

export async function measureEditor(settings: EditorSettings, meta: SectionRunner, log: (line: string) => void): Promise<EditorResult> {
  const startedAt = performance.now();
  const loadStart = os.loadavg()[0]!;
  const work = mkdtempSync(path.join(os.tmpdir(), "draftwise-bench-editor-"));
  const dataDir = path.join(work, "data");
  mkdirSync(dataDir);
  const upstream = await startUpstream(settings.upstreamPort);
  const appEnv = {
    ...appEnvironment({ upstreamUrl: upstream.url, dataDir, distDir: settings.distDir, model: "fake-model" }),
    // The studio's visitor is a guest: their limits set high like the others (a 15,000-word context is ~20k tokens).
    GUEST_RATE_LIMIT_TPM: "1000000000",
    GUEST_TOKENS_PER_DAY: "1000000000",
  };
  const app = await startApp(settings.port, appEnv, path.join(work, "app.log"));
  const browser = await chromium.launch({
    executablePath: settings.chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const contexts: BrowserContext[] = [];
  const newContext = async (state?: Awaited<ReturnType<BrowserContext["storageState"]>>) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...(state ? { storageState: state } : {}) });
    // tsx keeps function names with a `__name` helper the page doesn't have.
    await context.addInitScript({ content: "window.__name = (f) => f;" });
    await context.addInitScript(instrument);
    contexts.push(context);
    return context;
  };
  try {
    const origin = app.origin;
    // `/` signs a first visitor in as a guest; the documents are made through the studio's API.
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.waitForURL(/\/d\/[0-9a-f-]{36}$/);
    const withHunks = await createDocument(page, origin, "Bench: 200 suggestions", typingDocument(settings.words, settings.hunks));
    const plain = await createDocument(page, origin, "Bench: plain", typingDocument(settings.words, 0));
    const section = rewriteDocument(settings.words, settings.sectionWords, settings.streamDelayMs);
    const rewriteId = await createDocument(page, origin, "Bench: rewrite", section.doc);
    const state = await context.storageState();

    log(`editor: time to an editable document (${settings.words} words), ${settings.loads} cold and ${settings.loads} warm loads`);
    const cold: number[] = [];
    const warm: number[] = [];
    let scripts: string[] = [];
    for (let i = 0; i < settings.loads; i++) {
      const fresh = await newContext(state);
      const tab = await fresh.newPage();
      const loaded: string[] = [];
      tab.on("requestfinished", (request) => request.resourceType() === "script" && loaded.push(request.url()));
      cold.push(await openDocument(tab, origin, plain));
      if (i === 0) scripts = loaded;
      warm.push(await openDocument(tab, origin, plain));
      await fresh.close();
    }
    const bundle = bundleSize(scripts, settings.distDir);
    log(`editor: editable after ${median(cold).toFixed(0)} ms cold, ${median(warm).toFixed(0)} ms warm; ${bundle.files} scripts, ${(bundle.gzipBytes / 1024).toFixed(0)} KB gzip`);

    const series: EditorResult["typing"] = [];
    for (const [label, id, hunks] of [
      ["with 200 pending hunks", withHunks, settings.hunks],
      ["without suggestions", plain, 0],
    ] as const) {
      const tab = await context.newPage();
      await openDocument(tab, origin, id);
      if (hunks) await tab.locator(`${editable} [data-suggestion-id]`).first().waitFor();
      const r = await typing(tab, settings);
      series.push({ label, hunks, latency: r.latency, eventsOver16: r.eventsOver16, eventsOver50: r.eventsOver50, longTasks: r.longTasks.length, longestTaskMs: Math.max(0, ...r.longTasks) });
      log(`editor: typing ${label}: keystroke → paint p50 ${r.latency.p50.toFixed(1)} ms, p99 ${r.latency.p99.toFixed(1)} ms (${r.latency.count} keys), ${r.longTasks.length} long tasks`);
      await tab.close();
    }

    log(`editor: streamed rewrite of a ${settings.sectionWords}-word section (a word every ${settings.streamDelayMs} ms)`);
    const tab = await context.newPage();
    await openDocument(tab, origin, rewriteId);
    const r = await rewrite(browser, tab, settings, section.first, section.last);
    log(
      `editor: rewrite: longest task ${r.longestTaskMs.toFixed(0)} ms (${r.longTasks} over 50 ms), first change ${r.firstChangeMs === null ? "—" : r.firstChangeMs.toFixed(0)} ms after the first chunk, ${r.hunks} hunks in ${r.streamSeconds.toFixed(1)} s`,
    );
    const browserVersion = browser.version();
    return {
      meta: {
        ...meta,
        date: new Date().toISOString(),
        durationSeconds: (performance.now() - startedAt) / 1000,
        loadAverage: { start: loadStart, end: os.loadavg()[0]! },
        browser: `Chromium ${browserVersion}`,
      },
      settings: { words: settings.words, hunks: settings.hunks, typed: settings.typed, keyDelayMs: settings.keyDelayMs, sectionWords: settings.sectionWords, streamDelayMs: settings.streamDelayMs, loads: settings.loads },
      load: { coldMs: median(cold), warmMs: median(warm), cold, warm, bundle },
      typing: series,
      rewrite: r,
    };
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser.close();
    await app.stop();
    await upstream.stop();
    rmSync(dataDir, { recursive: true, force: true }); // the app's log stays
  }
}
