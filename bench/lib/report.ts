/**
 * The benchmark's report: the shape of bench/results.json, bench/README.md rendered from it,
 * and bench/chart.svg drawn by hand (no dependency).
 */
import { passes, type CapacityProbe, type Percentiles, type Target } from "./stats.ts";
import type { TargetId } from "./load.ts";

export interface PointResult {
  target: TargetId;
  rate: number;
  /** Requests in the measured window (warm-up arrivals left out). */
  sent: number;
  ok: number;
  errors: number;
  firstError?: string;
  ttft: Percentiles;
  total: Percentiles;
  /** p99 of how late the generator sent a request (ms): large values mean the load generator lagged. */
  lagP99: number;
  /** The app process's CPU time over the point's wall time, % of one core (the main thread's load, mostly). */
  appCpuPercent?: number;
  /** This point minus the direct upstream at the same rate (absent for the direct upstream itself). */
  added?: { ttft: Pick<Percentiles, "p50" | "p95" | "p99">; total: Pick<Percentiles, "p50" | "p95" | "p99"> };
}

export interface ThroughputResult {
  target: TargetId;
  stream: boolean;
  perSecond: number;
  completed: number;
  errors: number;
  firstError?: string;
  /** perSecond / the pass-through's perSecond (same mode). */
  ratioToPassthrough?: number;
  /** The app process's CPU time (user + system) per completed request over the window, ms. */
  cpuMsPerRequest?: number;
  ttft: Percentiles;
  total: Percentiles;
}

export interface MemoryResult {
  target: TargetId;
  pid: number;
  /** Resident set (KB) idle, after a forced full garbage collection. */
  idleKb: number;
  /** Resident set with the streams held, after a forced full garbage collection. */
  heldKb: number;
  /** Resident set with the streams held, as it was (garbage not yet collected included). */
  heldRawKb: number;
  /** Streams open (answer text received, not finished) when the memory was read. */
  held: number;
  /** (heldKb − idleKb) / held: what each stream keeps alive. */
  perStreamKb: number;
  /** (heldRawKb − idleKb) / held: what `top` would show per stream, garbage included. */
  perStreamRawKb: number;
  errors: number;
}

/** A held stream's memory in a bare Node process (bench/floor.ts): what the app's figures stand on. */
export interface FloorResult {
  mode: "fetch" | "ai-sdk";
  held: number;
  rssPerStreamKb: number;
  heapPerStreamKb: number;
}

/** The fast workload read by a bare Node process (bench/floor.ts cpu): the provider's own cost. */
export interface CpuFloorResult {
  mode: "fetch" | "ai-sdk";
  perSecond: number;
  cpuMsPerStream: number;
}

export interface CapacityEntry {
  target: TargetId;
  capacity: number | null;
  atLeast: boolean;
  probes: CapacityProbe[];
}

/** One concurrency level of the embedded model: `concurrency` streams in flight, each replaced as it ends. */
/** A section that keeps its own date and commit (the local model, the editor): when, on what, from which code. */
export interface SectionMeta {
  date: string;
  node: string;
  cpus: number;
  cpuModel: string;
  gitCommit: string;
  gitDirty: boolean;
  command: string;
  /** Wall time of this section alone (app start to stop), s. */
  durationSeconds: number;
  /** 1-minute load average when the section started and ended. */
  loadAverage: { start: number; end: number };
}

/** What the runner knows of a section's run before it starts. */
export type SectionRunner = Pick<SectionMeta, "node" | "cpus" | "cpuModel" | "gitCommit" | "gitDirty" | "command">;

export interface LocalLevel {
  concurrency: number;
  requests: number;
  ok: number;
  /** 503 answers (model_busy: the queue was full or a request waited too long). */
  busy: number;
  /** Any other failure: another status, a connection error, a stream without [DONE] or usage. */
  errors: number;
  firstError?: string;
  /** Completion tokens of the successful answers, from their usage. */
  completionTokens: number;
  /** From the first request sent to the last answer ended, ms. */
  wallMs: number;
  /** completionTokens / wallMs: what the model served at this concurrency. */
  aggregateTokensPerSecond: number;
  /** From the request sent to its first content delta (queueing for a sequence included), ms. */
  ttft: Percentiles;
  total: Percentiles;
  /** Per stream: (completion tokens − 1) / (end − first token). */
  tokensPerSecond: Percentiles;
}

/** The embedded model (node-llama-cpp in the app's process), through HTTP; its own run metadata. */
export interface LocalResult {
  meta: SectionMeta & { appLog: string };
  model: {
    /** A random-weight model written by tests/fixtures/gguf/write-model.ts (false: BENCH_LOCAL_MODEL). */
    generated: boolean;
    /** The id the app gives it (the file name without .gguf). */
    id: string;
    file: string;
    bytes: number;
    /** For a generated model: how it was written. */
    tiny?: { seed: number; embedding: number; layers: number; contextLength: number; vocabulary: number };
  };
  settings: {
    distDir: string;
    port: number;
    maxTokens: number;
    /** Requests per concurrency level, at most. */
    runs: number;
    /** No new request of a level after this many seconds (each stream sends one). */
    levelSeconds: number;
    concurrency: number[];
    sequences: number;
    queue: number;
    queueTimeoutMs: number;
    /** LOCAL_MODEL_THREADS as given to the app; null: unset, the app's default. */
    threadsSetting: number | null;
    /** What the app resolved it to (/api/status local.threads). */
    threads: number;
    /** The model's context window as the app reports it (/api/status models[].contextWindow). */
    contextWindow: number | null;
  };
  startup: {
    /** From `next start` spawned to /api/status answering, ms. */
    readyMs: number;
    /** /api/status local.loadMs: the model's load, as the app measured it. */
    loadMs: number | null;
    /** The first request after start, which waits for the load. */
    first: { ttftMs: number; totalMs: number; tokens: number };
    /** Resident memory of the app before the first request and after the last, MB. */
    rssBeforeMb: number;
    rssAfterMb: number;
  };
  levels: LocalLevel[];
}

/** The editor in Chromium (bench/lib/editor.ts); its own run metadata. */
export interface EditorResult {
  meta: SectionMeta & { browser: string };
  settings: { words: number; hunks: number; typed: number; keyDelayMs: number; sectionWords: number; streamDelayMs: number; loads: number };
  load: {
    /** Medians, ms from navigation start until the document is editable with its text in it. */
    coldMs: number;
    warmMs: number;
    cold: number[];
    warm: number[];
    /** The JavaScript files the editor page loaded (first cold load), gzipped. */
    bundle: { files: number; bytes: number; gzipBytes: number };
  };
  typing: {
    label: string;
    hunks: number;
    /** Keystroke (the key event's timestamp) → just after the next paint, ms. */
    latency: Percentiles;
    /** Event Timing `keydown` entries over 16 / 50 ms (input to the paint after its handlers). */
    eventsOver16: number;
    eventsOver50: number;
    longTasks: number;
    longestTaskMs: number;
  }[];
  rewrite: {
    streamSeconds: number;
    hunks: number;
    /** The longest task on the page's main thread over the whole run (Chromium trace), ms. */
    longestTaskMs: number;
    /** Long Tasks API entries (over 50 ms) over the run. */
    longTasks: number;
    longestFrameBlockingMs: number;
    /** From the first chunk of /api/edits in the page to the first ins/del in the document, ms. */
    firstChangeMs: number | null;
  };
}

export interface TargetCheck extends Target {
  pass: boolean | null;
  /** How to show the value when the number alone would mislead (a capacity below the grid). */
  display?: string;
}

export interface Results {
  meta: {
    date: string;
    node: string;
    cpus: number;
    cpuModel: string;
    platform: string;
    memoryMb: number;
    gitCommit: string;
    gitDirty: boolean;
    command: string;
    durationSeconds: number;
    appLog: { path: string; lines: number; bytes: number };
    /** 1-minute load average of the machine when the run started and ended (other work on the CPUs shows here). */
    loadAverage: { start: number; end: number };
  };
  settings: Record<string, unknown>;
  labels: Record<TargetId, string>;
  realistic: { rates: number[]; points: PointResult[] };
  capacity: { thresholdMs: number; grid: number[]; points: PointResult[]; routes: CapacityEntry[] };
  fast: { streaming: ThroughputResult[]; nonStreaming: ThroughputResult[] };
  memory: MemoryResult[];
  memoryFloor: FloorResult[];
  fastFloor: CpuFloorResult[];
  /** The embedded model's section; absent in results written before it existed. */
  local?: LocalResult;
  /** The editor's section (Chromium); absent in results written before it existed. */
  editor?: EditorResult;
  targets: TargetCheck[];
}

const routeIds: TargetId[] = ["passthrough", "chat", "v1-chat", "v1-completions"];
const colors: Record<TargetId, string> = {
  direct: "#6b7280",
  passthrough: "#9ca3af",
  chat: "#2563eb",
  "v1-chat": "#16a34a",
  "v1-completions": "#d97706",
};

const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? "—" : `${Math.round(v)}`);
const signedMs = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? "—" : `${v > 0 ? "+" : ""}${Math.round(v)}`);
const num = (v: number, digits = 0) => (Number.isFinite(v) ? v.toFixed(digits) : "—");

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Added p99 time to first token against the arrival rate, per route, log scale, with the targets. */
export function renderChart(results: Results): string {
  const width = 760;
  const height = 420;
  const margin = { left: 80, right: 190, top: 40, bottom: 52 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const all = [...results.realistic.points, ...results.capacity.points].filter((p) => p.added);
  const rates = [...new Set(all.map((p) => p.rate))].sort((a, b) => a - b);
  const maxRate = Math.max(200, ...rates) * 1.04;
  const minY = 1;
  const maxAdded = Math.max(100, ...all.map((p) => p.added!.ttft.p99).filter(Number.isFinite));
  const maxY = 10 ** Math.ceil(Math.log10(maxAdded * 1.05));
  const x = (rate: number) => margin.left + (rate / maxRate) * plotW;
  const y = (value: number) => {
    const v = Math.min(maxY, Math.max(minY, value));
    return margin.top + plotH - ((Math.log10(v) - Math.log10(minY)) / (Math.log10(maxY) - Math.log10(minY))) * plotH;
  };
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${margin.left}" y="22" font-size="14" font-weight="600">Added p99 time to first token vs. arrival rate (realistic workload)</text>`);
  // Grid and axes.
  for (let v = minY; v <= maxY; v *= 10) {
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${margin.left - 8}" y="${y(v) + 4}" text-anchor="end">${v >= 1000 ? `${v / 1000} s` : `${v} ms`}</text>`);
  }
  const step = maxRate > 250 ? 50 : 25;
  for (let r = 0; r <= maxRate; r += step) {
    parts.push(`<line x1="${x(r)}" x2="${x(r)}" y1="${margin.top + plotH}" y2="${margin.top + plotH + 5}" stroke="#374151"/>`);
    parts.push(`<text x="${x(r)}" y="${margin.top + plotH + 18}" text-anchor="middle">${r}</text>`);
  }
  parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="#374151"/>`);
  parts.push(`<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#374151"/>`);
  parts.push(`<text x="${margin.left + plotW / 2}" y="${height - 12}" text-anchor="middle">new streams per second (open loop)</text>`);
  parts.push(`<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">added p99 TTFT (log scale; ≤ 1 ms drawn at 1 ms)</text>`);
  // Target lines.
  const line = (value: number, label: string, dash: string, color: string) => {
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(value)}" y2="${y(value)}" stroke="${color}" stroke-width="1.5" stroke-dasharray="${dash}"/>`);
    parts.push(`<text x="${margin.left + plotW + 6}" y="${y(value) + 4}" fill="${color}">${escapeXml(label)}</text>`);
  };
  line(50, "50 ms target @ 100/s", "6 4", "#dc2626");
  line(results.capacity.thresholdMs, `${results.capacity.thresholdMs} ms capacity limit`, "2 3", "#7c3aed");
  // One polyline per route.
  let legendY = margin.top + 60;
  for (const id of routeIds) {
    const points = all.filter((p) => p.target === id).sort((a, b) => a.rate - b.rate);
    if (points.length === 0) continue;
    const coords = points.map((p) => `${x(p.rate).toFixed(1)},${y(p.added!.ttft.p99).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${colors[id]}" stroke-width="2" points="${coords.join(" ")}"/>`);
    for (const p of points) {
      const failed = p.errors > 0;
      parts.push(
        `<circle cx="${x(p.rate).toFixed(1)}" cy="${y(p.added!.ttft.p99).toFixed(1)}" r="${failed ? 4.5 : 3.5}" fill="${failed ? "#ffffff" : colors[id]}" stroke="${colors[id]}" stroke-width="2"><title>${escapeXml(`${results.labels[id]} @ ${p.rate}/s: added p99 TTFT ${Math.round(p.added!.ttft.p99)} ms, ${p.errors} errors`)}</title></circle>`,
      );
    }
    parts.push(`<line x1="${margin.left + plotW + 6}" x2="${margin.left + plotW + 26}" y1="${legendY}" y2="${legendY}" stroke="${colors[id]}" stroke-width="2"/>`);
    parts.push(`<text x="${margin.left + plotW + 30}" y="${legendY + 4}">${escapeXml(results.labels[id])}</text>`);
    legendY += 18;
  }
  parts.push(`<text x="${margin.left + plotW + 6}" y="${legendY + 10}" fill="#6b7280">hollow point: errors</text>`);
  parts.push(`</svg>`);
  return parts.join("\n") + "\n";
}

function realisticTable(results: Results): string {
  const rows = [
    "| Route | Rate /s | OK / sent | TTFT p50 / p95 / p99 (ms) | Added TTFT p50 / p95 / p99 | Total p50 / p95 / p99 (ms) | Added total p50 / p95 / p99 | App CPU | Gen. lag p99 |",
    "|---|---:|---:|---|---|---|---|---:|---:|",
  ];
  for (const rate of results.realistic.rates) {
    for (const p of results.realistic.points.filter((q) => q.rate === rate)) {
      rows.push(
        `| ${results.labels[p.target]} | ${p.rate} | ${p.ok} / ${p.sent} | ${ms(p.ttft.p50)} / ${ms(p.ttft.p95)} / ${ms(p.ttft.p99)} | ` +
          (p.added ? `${signedMs(p.added.ttft.p50)} / ${signedMs(p.added.ttft.p95)} / ${signedMs(p.added.ttft.p99)}` : "(reference)") +
          ` | ${ms(p.total.p50)} / ${ms(p.total.p95)} / ${ms(p.total.p99)} | ` +
          (p.added ? `${signedMs(p.added.total.p50)} / ${signedMs(p.added.total.p95)} / ${signedMs(p.added.total.p99)}` : "(reference)") +
          ` | ${p.appCpuPercent === undefined ? "—" : `${num(p.appCpuPercent)}%`} | ${ms(p.lagP99)} |`,
      );
    }
  }
  return rows.join("\n");
}

function capacityTable(results: Results): string {
  const rows = ["| Route | Capacity (new streams/s) | Probes (rate: added p99 TTFT ms, errors) |", "|---|---:|---|"];
  const allPoints = [...results.realistic.points, ...results.capacity.points];
  for (const entry of results.capacity.routes) {
    const probes = entry.probes
      .map((probe) => {
        const point = allPoints.find((p) => p.target === entry.target && p.rate === probe.rate);
        const detail = point?.added ? `${signedMs(point.added.ttft.p99)}, ${point.errors}` : "?";
        return `${probe.rate}: ${detail} ${probe.pass ? "✓" : "✗"}`;
      })
      .join(" · ");
    const capacity = entry.capacity === null ? `< ${results.capacity.grid[0]}` : `${entry.atLeast ? "≥ " : ""}${entry.capacity}`;
    rows.push(`| ${results.labels[entry.target]} | ${capacity} | ${probes} |`);
  }
  return rows.join("\n");
}

function throughputTable(results: Results, list: ThroughputResult[]): string {
  const rows = [
    "| Route | Requests/s | vs. pass-through | App CPU per request (ms) | Errors | TTFT p50 / p99 (ms) | Total p50 / p99 (ms) |",
    "|---|---:|---:|---:|---:|---|---|",
  ];
  for (const t of list) {
    rows.push(
      `| ${results.labels[t.target]} | ${num(t.perSecond)} | ${t.ratioToPassthrough === undefined ? "—" : `${num(t.ratioToPassthrough * 100)}%`} | ` +
        `${t.cpuMsPerRequest === undefined ? "—" : num(t.cpuMsPerRequest, 2)} | ${t.errors} | ` +
        `${ms(t.ttft.p50)} / ${ms(t.ttft.p99)} | ${ms(t.total.p50)} / ${ms(t.total.p99)} |`,
    );
  }
  return rows.join("\n");
}

function memoryTable(results: Results): string {
  const rows = [
    "| Route | Idle RSS (MB) | Held RSS after GC (MB) | Held RSS before GC (MB) | Streams held | Per stream (KB) | Per stream before GC (KB) |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const m of results.memory) {
    rows.push(
      `| ${results.labels[m.target]} | ${num(m.idleKb / 1024, 1)} | ${num(m.heldKb / 1024, 1)} | ${num(m.heldRawKb / 1024, 1)} | ${m.held} | ` +
        `${num(m.perStreamKb, 1)} | ${num(m.perStreamRawKb, 1)} |`,
    );
  }
  return rows.join("\n");
}

function cpuFloorTable(results: Results): string {
  const label = { fetch: "`fetch`, body read to its end", "ai-sdk": "AI SDK OpenAI provider, `doStream` read to its end" };
  const rows = ["| Read by a bare Node process | Streams/s | CPU per stream (ms) |", "|---|---:|---:|"];
  for (const f of results.fastFloor ?? []) rows.push(`| ${label[f.mode]} | ${num(f.perSecond)} | ${num(f.cpuMsPerStream, 2)} |`);
  return rows.join("\n");
}

function floorTable(results: Results): string {
  const label = { fetch: "`fetch`, body read to the first text", "ai-sdk": "AI SDK OpenAI provider, `doStream` read to the first text-delta" };
  const rows = ["| Held by a bare Node process | Streams held | RSS per stream (KB) | JS heap per stream (KB) |", "|---|---:|---:|---:|"];
  for (const f of results.memoryFloor ?? []) {
    rows.push(`| ${label[f.mode]} | ${f.held} | ${num(f.rssPerStreamKb, 1)} | ${num(f.heapPerStreamKb, 1)} |`);
  }
  return rows.join("\n");
}

/** What stands between the measured figures and the targets, computed from this run's own numbers. */
function boundsSection(results: Results): string {
  const lines = ["## What bounds the results", ""];
  const fast = (id: TargetId) => results.fast.streaming.find((t) => t.target === id)?.cpuMsPerRequest;
  const floor = (mode: CpuFloorResult["mode"]) => results.fastFloor?.find((f) => f.mode === mode)?.cpuMsPerStream;
  const pass = fast("passthrough");
  const sdk = floor("ai-sdk");
  const plain = floor("fetch");
  if (pass !== undefined && sdk !== undefined && plain !== undefined) {
    const provider = sdk - plain;
    lines.push(
      `**CPU per stream (fast workload).** The pass-through route costs the app ${num(pass, 2)} ms of CPU per request. ` +
        `Reading the same answer through the AI SDK's OpenAI provider costs ${num(provider, 2)} ms more than reading it as a plain ` +
        `\`fetch\` body, in a bare Node process (${num(sdk, 2)} vs. ${num(plain, 2)} ms). So a route that did nothing but read the ` +
        `provider's stream could reach at most ${num((100 * pass) / (pass + provider))}% of the pass-through's throughput; 70% leaves ` +
        `${num(pass * (1 / 0.7 - 1), 2)} ms per request for everything above the framework, provider stream included, and 50% leaves ${num(pass, 2)} ms.`,
      "",
      "| Route | App CPU per request (ms) | Above the pass-through | Of which the provider's stream | The rest (auth, limits, usage record, logs, metrics, validation, wire format) |",
      "|---|---:|---:|---:|---:|",
    );
    for (const id of ["chat", "v1-chat", "v1-completions"] as const) {
      const c = fast(id);
      if (c === undefined) continue;
      lines.push(`| ${results.labels[id]} | ${num(c, 2)} | ${num(c - pass, 2)} | ${num(provider, 2)} | ${num(c - pass - provider, 2)} |`);
    }
    lines.push("");
  }
  const memory = (id: TargetId) => results.memory.find((m) => m.target === id)?.perStreamKb;
  const held = (mode: FloorResult["mode"]) => results.memoryFloor?.find((f) => f.mode === mode);
  const passMem = memory("passthrough");
  const sdkMem = held("ai-sdk");
  const fetchMem = held("fetch");
  if (passMem !== undefined && sdkMem && fetchMem) {
    const heap = sdkMem.heapPerStreamKb - fetchMem.heapPerStreamKb;
    lines.push(
      `**Memory per held stream.** The framework's floor (the pass-through route) is ${num(passMem, 1)} KB. In a bare Node process, a stream ` +
        `read through the AI SDK's provider holds ${num(heap, 1)} KB more JS heap than a plain \`fetch\` body ` +
        `(${num(sdkMem.rssPerStreamKb - fetchMem.rssPerStreamKb, 1)} KB more resident memory): its four web-stream stages, their queues and ` +
        `promises. Counting the heap alone, a route that reads the provider's stream starts at about ${num(passMem + heap)} KB per stream ` +
        `before any Draftwise code, against a target of 100 KB.`,
      "",
    );
  }
  const at100 = results.realistic.points.filter((p) => p.rate === 100 && p.appCpuPercent !== undefined);
  if (at100.length) {
    lines.push(
      `**Time to first token under load.** Each token of each stream passes through the provider's stages (decode, SSE parse, ` +
        `JSON parse and validation, conversion), then Draftwise's format and the framework's response stream: a per-token cost, ` +
        `which realistic answers pay 50 times. At 100 new streams/s (about 100 streams open, 5,000 tokens/s) the app used ` +
        at100.map((p) => `${num(p.appCpuPercent!)}% of a core (${results.labels[p.target]})`).join(", ") +
        `. A new request's first token waits for the thread behind other streams' tokens, so added TTFT grows with that load. ` +
        "Tokens that arrive less than `STREAM_FLUSH_INTERVAL_MS` apart are sent to the client together, which removes part of " +
        "the per-token cost after the provider; the provider's own stages stay per token.",
      "",
    );
  }
  lines.push(
    "`npm run bench:profile` (a `node --cpu-prof` profile of one route under load, summarized by package) shows where the " +
      "rest goes: Next.js's request handling, undici, web streams and the garbage collector lead; Draftwise's own modules are a few per cent each.",
  );
  return lines.join("\n");
}

/** The embedded model's section: its own run line, what model it was, the cold start and the concurrency levels. */
export function localSection(local: LocalResult | undefined): string {
  const title = "## Local model (embedded)";
  if (!local) return `${title}\n\nNot in this results file: \`npm run bench -- --only local\` measures it and keeps the other sections.`;
  const m = local.meta;
  const st = local.settings;
  const mb = (bytes: number) => num(bytes / 1024 / 1024, 1);
  const tiny = local.model.tiny;
  const model = tiny
    ? [
        `> **A random-weight test model, not a real one.** \`${local.model.file}\` is written at the start of the section by`,
        `> \`tests/fixtures/gguf/write-model.ts\` (llama architecture, embedding ${tiny.embedding}, ${tiny.layers} layers, a vocabulary of ${tiny.vocabulary} tokens,`,
        `> ${mb(local.model.bytes)} MB, seed ${tiny.seed}; \`endless\`: every answer runs to \`max_tokens\`). So these numbers measure Draftwise's`,
        "> server path and llama.cpp's fixed per-request and per-token overhead, not a model's speed: a real instruct model",
        "> has thousands of times more weights, is orders of magnitude slower per token on a CPU and takes seconds to load.",
        "> To measure one the same way, give its file (fewer, shorter requests keep the run short):",
        "> `BENCH_LOCAL_MODEL=/path/to/model.gguf BENCH_LOCAL_RUNS=4 BENCH_LOCAL_MAX_TOKENS=128 npm run bench -- --only local`.",
      ].join("\n")
    : `The model: \`${local.model.file}\` (${mb(local.model.bytes)} MB, id \`${local.model.id}\`), given by \`BENCH_LOCAL_MODEL\`.`;
  const threads =
    st.threadsSetting === null
      ? `\`LOCAL_MODEL_THREADS\` unset (the app's default) → **${st.threads} thread${st.threads === 1 ? "" : "s"}** on ${m.cpus} CPUs (\`/api/status\` \`local.threads\`)`
      : `\`LOCAL_MODEL_THREADS=${st.threadsSetting}\` → ${st.threads} thread${st.threads === 1 ? "" : "s"} (\`/api/status\` \`local.threads\`)`;
  const su = local.startup;
  const levels = [
    "| Streams at a time | OK / sent | 503 | Other errors | TTFT p50 / p95 (ms) | Tokens/s per stream p50 / mean | Aggregate tokens/s | Total p50 / p95 (ms) |",
    "|---:|---:|---:|---:|---|---|---:|---|",
    ...local.levels.map(
      (l) =>
        `| ${l.concurrency} | ${l.ok} / ${l.requests} | ${l.busy} | ${l.errors} | ${ms(l.ttft.p50)} / ${ms(l.ttft.p95)} | ` +
        `${num(l.tokensPerSecond.p50)} / ${num(l.tokensPerSecond.mean)} | ${num(l.aggregateTokensPerSecond)} | ${ms(l.total.p50)} / ${ms(l.total.p95)} |`,
    ),
  ];
  const firstError = local.levels.find((l) => l.firstError)?.firstError;
  return `${title}

${m.date} · commit \`${m.gitCommit.slice(0, 12)}\`${m.gitDirty ? " (with uncommitted changes)" : ""} · Node ${m.node} · ${m.cpus} × ${m.cpuModel} ·
\`${m.command}\`: this section took ${Math.round(m.durationSeconds)} s (1-minute load average ${num(m.loadAverage.start, 1)} at its start,
${num(m.loadAverage.end, 1)} at its end, on ${m.cpus} CPUs).

The embedded provider (\`node-llama-cpp\` inside the app's own process, \`lib/server/ai/local\`) measured through HTTP:
a second app from the same production build with no provider configured (no \`OPENAI_*\`, no Ollama) and
\`LOCAL_MODEL\` set, so it serves every request with the local model. Each request is a streaming
\`POST /api/v1/chat/completions\` with an API key, \`max_tokens: ${st.maxTokens}\` and \`stream_options.include_usage\`
(completion tokens are the model's own count, from the last chunk).

${model}

Settings: ${threads};
\`LOCAL_MODEL_SEQUENCES=${st.sequences}\` (requests answered at once); \`LOCAL_MODEL_QUEUE=${st.queue}\` with a ${num(st.queueTimeoutMs / 1000)} s wait limit
(room for every stream: a 503 here is a failure, not the queue limit at work); a context window of
${st.contextWindow === null ? "the default size" : `${st.contextWindow} tokens`} (\`/api/status\`).${
    st.threads >= m.cpus
      ? `\nWith as many threads as CPUs, llama.cpp's threads wait for each other at every token, so any other work on the
machine (the server's own request handling, the load generator, other processes: see the load average above) slows
every token; \`BENCH_LOCAL_THREADS=1\` shows the difference.`
      : ""
  }

**Cold start** (a fresh app, the model not yet loaded: the first request, a short one, waits for the load):

| App ready (\`next start\` → \`/api/status\` answers) | Model load (\`/api/status\` \`local.loadMs\`) | First request: TTFT | First request: total (${su.first.tokens} tokens) | App RSS before it → after the section (MB) |
|---:|---:|---:|---:|---:|
| ${ms(su.readyMs)} ms | ${su.loadMs === null ? "—" : `${ms(su.loadMs)} ms`} | ${ms(su.first.ttftMs)} ms | ${ms(su.first.totalMs)} ms | ${num(su.rssBeforeMb)} → ${num(su.rssAfterMb)} |

**Streams at a time** (after one short warm-up request, left out): each stream sends its next request as soon as its
answer ends, up to ${st.runs} requests per level, none started after ${st.levelSeconds} s (but at least one per stream), so a slow
model keeps the run short.

${levels.join("\n")}
${firstError ? `\nFirst failure: ${firstError}\n` : ""}
- **1 at a time** is the single-request series: requests one after another.
- **TTFT**: from the request sent to the first chunk with a non-empty \`delta.content\`: authentication, limits,
  the chat template, llama.cpp reading the prompt, and, with more streams than sequences (${st.sequences}), the wait
  in the app's queue for a free sequence — where queueing shows.
- **Tokens/s per stream**: (completion tokens − 1) / (end of the stream − its first token): decoding speed as one
  client sees it (the first token's time is in TTFT).
- **Aggregate tokens/s**: every completion token of the level / the wall time from its first request sent to its last
  answer ended (the tail, when fewer streams are left than the level's, included).
- **503**: \`model_busy\` (the queue full, or a wait past its limit); **other errors**: another status, a connection
  error, or a stream without \`[DONE]\` or usage.
- The endpoint takes no sampling seed (llama.cpp gets a fresh one per request), so texts differ from run to run; the
  generated model's answers are all exactly \`max_tokens\` long. A real model may stop earlier: the rates use its actual
  completion tokens.`;
}

export function editorSection(editor: EditorResult | undefined): string {
  const title = "## Editor (Chromium)";
  if (!editor) return `${title}\n\nNot in this results file: \`npm run bench -- --only editor\` measures it and keeps the other sections.`;
  const m = editor.meta;
  const st = editor.settings;
  const ms = (v: number | null) => (v === null || !Number.isFinite(v) ? "—" : `${num(v, v < 10 ? 1 : 0)} ms`);
  const typingRows = editor.typing.map(
    (t) =>
      `| ${t.label} | ${ms(t.latency.p50)} | ${ms(t.latency.p95)} | ${ms(t.latency.p99)} | ${ms(t.latency.max)} | ${t.latency.count} | ${t.eventsOver16} / ${t.eventsOver50} | ${t.longTasks}${t.longTasks ? ` (longest ${ms(t.longestTaskMs)})` : ""} |`,
  );
  const r = editor.rewrite;
  const b = editor.load.bundle;
  return `${title}

${m.date} · commit \`${m.gitCommit.slice(0, 12)}\`${m.gitDirty ? " (with uncommitted changes)" : ""} · ${m.browser} (headless) · Node ${m.node} · ${m.cpus} × ${m.cpuModel} ·
\`${m.command}\` took ${Math.round(m.durationSeconds)} s (1-minute load average ${m.loadAverage.start.toFixed(1)} → ${m.loadAverage.end.toFixed(1)}).

The production build and the scripted upstream, driven in Chromium by \`playwright-core\` as a writer uses
the studio (\`bench/lib/editor.ts\`). The documents have ${st.words.toLocaleString("en")} words in paragraphs of 100 (about
${Math.round((st.words * 5.5) / 1000)}k characters, near the 100,000-character limit), made through the studio's API.

**Typing.** The caret in the middle of the document, ${st.typed} characters typed at one key every ${st.keyDelayMs} ms
(after a few not counted). Per key: from the key event's timestamp to just after the next frame is painted
(a task posted from that frame's \`requestAnimationFrame\` callback runs once the frame is committed). Event
Timing \`keydown\` entries over 16 and over 50 ms are counted beside it; long tasks are the Long Tasks API's (> 50 ms).
Autosave runs during the series as it would (every 5 s of continuous typing).

| Document | p50 | p95 | p99 | max | keys | Event Timing > 16 / > 50 ms | Long tasks |
|---|---:|---:|---:|---:|---:|---:|---:|
${typingRows.join("\n")}

**Streamed rewrite.** ${st.sectionWords.toLocaleString("en")} words in the middle of the plain document selected, *Improve writing*
from the AI actions (Ctrl+J), the scripted model echoing the section back a word every ${st.streamDelayMs} ms without the
markers planted every 20 words (each one a deleted hunk): ${r.hunks} hunks in ${r.streamSeconds.toFixed(1)} s, from the click to
the run bar's review state. The longest task on the page's main thread over that time is read from a Chromium trace
(\`toplevel\` \`RunTask\` events of \`CrRendererMain\`); the first change is from the first chunk of the
\`/api/edits\` answer reaching the page (its body wrapped in the page) to the first \`ins\`/\`del\` in the document.

| Longest main-thread task | Long tasks (> 50 ms) | Longest frame blocking (LoAF) | First change after the first chunk |
|---:|---:|---:|---:|
| ${ms(r.longestTaskMs)} | ${r.longTasks} | ${ms(r.longestFrameBlockingMs)} | ${ms(r.firstChangeMs)} |

**Loading.** From navigation start until the document is editable with its text in it (a
\`requestAnimationFrame\` poll): cold is a fresh browser profile (empty cache, signed in), warm the same
document loaded again; medians of ${st.loads}. The bundle is every JavaScript file the editor page loaded on its first
cold load, gzipped (level 6) from the build folder.

| Cold | Warm | Scripts | JavaScript (raw) | JavaScript (gzip) |
|---:|---:|---:|---:|---:|
| ${ms(editor.load.coldMs)} | ${ms(editor.load.warmMs)} | ${b.files} | ${num(b.bytes / 1024, 0)} KB | ${num(b.gzipBytes / 1024, 0)} KB |`;
}

export function targetsTable(targets: TargetCheck[]): string {
  const rows = ["| Target | Measured | Limit | Result |", "|---|---:|---:|---|"];
  for (const t of targets) {
    const value = t.display ?? (t.value === null ? "not measured" : `${num(t.value, t.unit === "%" ? 0 : t.unit === "KB" ? 1 : 0)} ${t.unit}`);
    const pass = passes(t);
    rows.push(`| ${t.name} | ${value} | ${t.comparison} ${t.limit} ${t.unit} | ${pass === null ? "—" : pass ? "pass" : "**FAIL**"} |`);
  }
  return rows.join("\n");
}

export function renderReadme(results: Results): string {
  const s = results.settings as Record<string, string | number | number[]>;
  const m = results.meta;
  return `# Draftwise benchmark

\`npm run bench\` builds the production app, starts it beside the scripted upstream
(\`tests/fixtures/fake-upstream\`) and measures every streaming route against **the same upstream
called directly** and against **a bare pass-through route handler in the same build**
(\`app/api/bench/passthrough\`, enabled only by \`BENCH_ROUTES=true\`): the framework's floor.
Everything Draftwise adds is on: API-key auth, rate limits (set high, not off), usage accounting,
JSON logs at \`LOG_LEVEL=info\` (the app's stdout goes to a file) and metrics. A last section measures
the embedded local model (\`node-llama-cpp\` in the server process) on a second app from the same build:
[Local model (embedded)](#local-model-embedded).

This file, \`results.json\` and \`chart.svg\` are written by the run; edit \`bench/lib/report.ts\`, not them.

## Last run

${m.date} · commit \`${m.gitCommit.slice(0, 12)}\`${m.gitDirty ? " (with uncommitted changes)" : ""} · Node ${m.node} ·
${m.cpus} × ${m.cpuModel} · ${Math.round(m.memoryMb / 1024)} GB · \`${m.command}\` took ${Math.round(m.durationSeconds)} s.
The load generator, the upstream and the app are three processes on the same CPUs, so every
figure includes their contention; on a busy machine the numbers are noisy (1-minute load average
${num(m.loadAverage.start, 1)} at the start of this run, ${num(m.loadAverage.end, 1)} at the end, on ${m.cpus} CPUs).

### Targets

${targetsTable(results.targets)}

### Realistic workload: added latency

Answers of 50 tokens at 20 ms each (about one second), open loop. *Added* = the route's
percentile minus the direct upstream's percentile at the same rate (negative: within noise).

![Added p99 time to first token vs. arrival rate](chart.svg)

${realisticTable(results)}

### Capacity

The highest arrival rate (grid ${results.capacity.grid[0]}…${results.capacity.grid.at(-1)} /s) at which the added p99
time to first token stays ≤ ${results.capacity.thresholdMs} ms with no errors, found by bisection over the grid
(rates already measured above are reused; the direct upstream is measured again at every probed rate).

${capacityTable(results)}

### Fast workload: throughput at saturation

20 tokens, no delay: the CPU cost per stream. Closed loop with ${s.fastConcurrency} requests in flight;
completions per second over ${s.fastSeconds} s after a ${s.fastWarmupSeconds} s warm-up.

Streaming:

${throughputTable(results, results.fast.streaming)}

Non-streaming (\`"stream": false\`):

${throughputTable(results, results.fast.nonStreaming)}

*App CPU per request* is the app process's CPU time (user + system, from \`/proc\`) over the measured
window divided by the requests completed in it: what a request costs the server, however busy the
machine is. What the model stream alone costs, before Next.js and Draftwise: the same streams read by a
bare Node process (\`bench/floor.ts\`), as a plain \`fetch\` body and through the AI SDK's OpenAI provider
(\`doStream\`), which every Draftwise route reads:

${cpuFloorTable(results)}

### Memory

Resident memory (\`VmRSS\` of the \`next-server\` process, the largest of the app's process group) of a
fresh app after a warm-up, idle, then holding ${s.holdStreams} slow streams open (50 tokens, one per second,
all started over ${s.holdRampSeconds} s; read once every stream has received its first text). Garbage makes raw
RSS swing by a hundred MB either way (a major collection can take the process below its idle figure
while the streams are still open), so both readings that count are taken right after a forced full
garbage collection (\`HeapProfiler.collectGarbage\` through the inspector, which only the memory phase's
app runs with): **per stream = (held − idle) / streams held**, what each open stream keeps alive.
"Before GC" is the held reading as it was, for comparison. One fresh app per route; the
pass-through route's figure is the framework's own floor.

${memoryTable(results)}

What a stream costs before Next.js and Draftwise: the same slow streams held by a bare Node process
(\`bench/floor.ts\`, after a full collection), as a plain \`fetch\` body and through the AI SDK's OpenAI
provider — the stream every Draftwise route reads (its \`doStream\`: the response body piped through a
text decoder, an SSE parser, a JSON-parsing and validating transform and the provider's own transform).

${floorTable(results)}

${boundsSection(results)}

${localSection(results.local)}

${editorSection(results.editor)}

## What each number means

- **Open loop.** Requests arrive at a fixed rate, spread evenly: request *i* is due at *i* × 1000/R ms
  from a timeline computed up front, and is sent then whatever earlier requests are doing (real users
  don't wait for each other). Each has a fresh prompt. Latencies are measured from the **scheduled**
  arrival, so a load generator that falls behind shows up instead of hiding (the *Gen. lag p99* column
  says how late requests left; it should stay in single-digit ms). The first ${s.warmupSeconds} s of arrivals of each
  point warm up and are left out; then ${s.seconds} s are measured (at least 100 requests: 10 s at 10/s).
- **Time to first token (TTFT)**: from the scheduled arrival to the first response bytes that carry
  answer text:
  - the direct upstream, the pass-through and \`/api/v1/chat/completions\` (OpenAI chunks): the first
    \`data:\` event with a non-empty \`choices[0].delta.content\` (the first \`role\` chunk with empty content
    doesn't count);
  - \`/api/v1/chat\` (Draftwise SSE): the first \`data:\` event with a non-empty \`content\`;
  - \`/api/chat\` (AI SDK UI message stream): the first \`data:\` event of type \`text-delta\`
    (\`start\`, \`start-step\` and \`text-start\` come before it and don't count);
  - non-streaming requests: the first body bytes.
- **Total**: from the scheduled arrival to the end of the body.
- **Errors**: any status other than 200, a connection error, a stream that ends without \`data: [DONE]\`
  or with an error event, no answer text, or no end within ${s.drainSeconds} s after the last arrival.
  Latencies are over successful requests only; errors are counted beside them.
- **Added** = route percentile − direct percentile at the same rate, percentile by percentile (not a
  per-request difference).
- **Capacity**: see above; "< ${results.capacity.grid[0]}" means the lowest rate of the grid already failed, "≥" that the whole grid passed.
- **App CPU**: the app process's CPU time (user + system, read from \`/proc\`) over the point's wall time,
  in % of one core. The server's JavaScript runs on one thread, so near 100% every request waits for it.
- **Streams / requests per second at saturation**: closed loop (${s.fastConcurrency} in flight), completions inside
  the measured window. "vs. pass-through" is the ratio to the pass-through route in the same mode.

## How to run

\`\`\`sh
npm run bench                               # builds, then runs everything (about ${Math.max(1, Math.round(m.durationSeconds / 60))} min here)
BENCH_SKIP_BUILD=1 npm run bench            # reuse the existing build
NEXT_DIST_DIR=.next-bench npm run bench     # build into (and run) another folder
BENCH_ONLY=realistic,fast npm run bench     # some phases only: realistic, capacity, fast, memory, local
BENCH_SKIP_BUILD=1 npm run bench -- --only local   # only the embedded model (about a minute); the rest is kept
BENCH_LOCAL_MODEL=~/models/some.gguf BENCH_SKIP_BUILD=1 npm run bench -- --only local   # a real model instead of the generated one
BENCH_SKIP_BUILD=1 npm run bench -- --only editor  # only the editor in Chromium (a few minutes); the rest is kept
\`\`\`

| Variable | Default | Meaning |
|---|---|---|
| \`BENCH_SKIP_BUILD\` | — | \`1\`: don't run \`next build\` (the build in \`NEXT_DIST_DIR\` must exist). |
| \`NEXT_DIST_DIR\` | \`.next\` | The build folder to build into and start. |
| \`BENCH_UPSTREAM_PORT\`, \`BENCH_APP_PORT\`, \`BENCH_INSPECT_PORT\` | \`5001\`, \`5002\`, \`5003\` | Ports of the scripted upstream, the app and (memory phase only) the app's inspector, on 127.0.0.1. |
| \`BENCH_RATES\` | \`10,50,100,200\` | Arrival rates (new streams/s) of the realistic sweep. |
| \`BENCH_SECONDS\`, \`BENCH_WARMUP_SECONDS\` | \`6\`, \`1\` | Measured and warm-up seconds per rate point. |
| \`BENCH_CAPACITY_GRID\` | \`50,75,…,400\` | Rates the capacity search may probe. |
| \`BENCH_CAPACITY_MS\` | \`100\` | The added p99 TTFT a rate must stay under to count. |
| \`BENCH_FAST_CONCURRENCY\`, \`BENCH_FAST_SECONDS\` | \`64\`, \`4\` | Saturation: requests in flight and measured seconds. |
| \`BENCH_HOLD_STREAMS\`, \`BENCH_HOLD_RAMP_SECONDS\` | \`1000\`, \`5\` | Memory: slow streams held open and the seconds over which they start. |
| \`BENCH_ONLY\`, \`--only\` | all | Comma-separated phases to run (\`--only\` wins over \`BENCH_ONLY\`). A run of \`local\` alone keeps every other section (and target) from the previous \`results.json\`; a run without \`local\` keeps the previous local section (it has its own date). |
| \`BENCH_ROUTES_ONLY\` | all | Comma-separated Draftwise routes to measure: \`chat\`, \`v1-chat\`, \`v1-completions\` (the direct upstream and the pass-through always run). |
| \`BENCH_REDIS_URL\` | — | Run the app with \`REDIS_URL\` (limits in Redis) instead of in memory. |
| \`BENCH_LOCAL_PORT\` | \`5004\` | Port of the local model's app. |
| \`BENCH_LOCAL_MODEL\` | generated | A GGUF file to measure instead of the generated random-weight model. |
| \`BENCH_LOCAL_RUNS\`, \`BENCH_LOCAL_LEVEL_SECONDS\` | \`20\`, \`10\` | Requests per concurrency level, at most; no new one after that many seconds (each stream still sends one). |
| \`BENCH_LOCAL_MAX_TOKENS\` | \`256\` | \`max_tokens\` of every request. |
| \`BENCH_LOCAL_CONCURRENCY\` | \`1,2,4\` | Streams at a time, one level each. |
| \`BENCH_LOCAL_SEQUENCES\` | \`2\` | The app's \`LOCAL_MODEL_SEQUENCES\`. |
| \`BENCH_LOCAL_THREADS\` | unset | The app's \`LOCAL_MODEL_THREADS\` (unset: the app's default for the machine). |
| \`BENCH_EDITOR_PORT\` | \`5005\` | Port of the editor section's app (its scripted upstream is on \`BENCH_UPSTREAM_PORT\`). |
| \`CHROMIUM_PATH\` | \`/usr/bin/chromium\` | The Chromium the editor section drives. |
| \`BENCH_EDITOR_KEY_DELAY_MS\`, \`BENCH_EDITOR_TYPED\` | \`80\`, \`200\` | Typing: ms between keys, characters measured per document. |
| \`BENCH_EDITOR_STREAM_DELAY_MS\` | \`10\` | The scripted model's pause between words in the rewrite. |
| \`BENCH_EDITOR_TRACE\` | — | A folder: the rewrite's Chromium trace (with a CPU profile) is written there, to open in DevTools. |

Holding ${s.holdStreams} streams needs about that many open files in each of the three processes, twice in the app
(client and upstream sockets). Node raises its soft open-file limit to the hard one at start and the
processes inherit it; the run warns when \`/proc/self/limits\` allows fewer than ${Number(s.holdStreams) * 2 + 1000} (raise it with \`ulimit -n\`). It writes \`bench/results.json\` (every figure,
with the settings, Node version, CPU count, date and commit), this README and \`chart.svg\`, and prints
the targets with pass/fail. The app's log of the last run is left at \`${m.appLog.path}\` (${m.appLog.lines} lines).

## Reference: before any Draftwise code

Measured on this machine when the issue was written (Node 24, load generator and upstream on the
same 2 cores, realistic workload at 100 new streams/s): a bare pass-through route added 3 ms p50 and
48 ms p99 to the time to first token; a minimal AI SDK route (\`streamText\` → \`toUIMessageStreamResponse\`)
added 190 ms p50 and 3.5 s p99.
`;
}
