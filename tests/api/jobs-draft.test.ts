/**
 * Draft and template jobs (issue 6): a whole article written section by section (from an
 * outline, or from a topic with the outline written first), its progress while it runs,
 * resuming after a restart and cancelling it; template jobs and their input errors.
 *
 * Most tests use the shared app (MODEL_TIMEOUT_MS 4000: each scripted call stays well under
 * it). The restart test starts its own instances. Ports 3983–3989 belong to this file (run it
 * with API_TEST_PORT=3980 beside other suites: the shared apps then take 3980–3982).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { jobDraftResultSchema, type JobDraftResult, type JobJson } from "@/lib/contracts/jobs";
import type { Outline } from "@/lib/contracts/outline";
import type { RequestRecord } from "../fixtures/fake-upstream/server";
import { expectApiError, keyOwner, uuidPattern, v1 } from "./api-key-helpers";
import { appUrl, uniqueTag, upstreamRequests } from "./helpers";
import { appsOn, getJob, modelEnv, restart, sleep, upstreamAborted, upstreamCall, waitForStatus } from "./job-helpers";

type Job = JobJson;

/**
 * How submitJob answers an input that fails its type's schema: 400 invalid_request naming
 * `input.<field>`, as for every other job type (tests/api/jobs.test.ts). A template's own
 * `inputs` are a 422, as on POST /api/v1/templates/{id}.
 */
const inputError = [400, "invalid_request"] as const;

// ------------------------------------------------------------------------------------------
// Helpers

function post(key: string, body: unknown, base = appUrl()) {
  return v1("/api/v1/jobs", { key, base, body });
}

async function submit(key: string, body: unknown, base = appUrl()): Promise<Job> {
  const res = await post(key, body, base);
  if (res.status !== 202) throw new Error(`submitting a job failed: ${res.status} ${await res.text()}`);
  const job = (await res.json()) as Job;
  expect(job.id).toMatch(uuidPattern);
  expect(job).toMatchObject({ status: "queued", progress: 0, result: null, attempts: 0 });
  return job;
}

async function listJobs(key: string, base = appUrl()): Promise<Job[]> {
  const res = await v1("/api/v1/jobs", { key, base });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: Job[] }).data;
}

type Message = { role: string; content: string | Array<{ type: string; text?: string }> };
const messagesOf = (record: RequestRecord) => (record.body as { messages: Message[] }).messages;
const textOf = (message: Message) => (typeof message.content === "string" ? message.content : message.content.map((p) => p.text ?? "").join("\n"));
/** The prompt of a call: its last user message. */
const promptOf = (record: RequestRecord) => textOf(messagesOf(record).findLast((m) => m.role === "user")!);
/** The tokens the fake upstream reports for a completed call: about four characters a prompt token, one per content chunk. */
function upstreamUsage(record: RequestRecord) {
  expect(record.completed).toBe(true);
  const chars = messagesOf(record).reduce((sum, m) => sum + (typeof m.content === "string" ? m.content.length : m.content.reduce((s, p) => s + (p.text ?? "").length, 0)), 0);
  return { prompt: Math.ceil(chars / 4), completion: record.chunksSent };
}
function sumUsage(records: RequestRecord[]) {
  const parts = records.map(upstreamUsage);
  const prompt = parts.reduce((s, p) => s + p.prompt, 0);
  const completion = parts.reduce((s, p) => s + p.completion, 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

const words = (text: string) => text.trim().replace(/\.$/, "").split(" ");

/** An outline whose section `i` scripts its own call (key points never reach other sections' prompts). */
function scriptedOutline(title: string, scripts: string[]): Outline {
  return {
    title,
    sections: scripts.map((script, i) => ({ heading: `Section ${i + 1} of ${title}`, keyPoints: [`Point ${i + 1} ${script}`] })),
  };
}

/**
 * A draft's result while it runs: `done` sections finished in order, the next one writing, the
 * rest pending, no Markdown yet; the job's progress counts the finished steps.
 */
function expectRunningDraft(job: Job, writesOutline: boolean): { done: number; total: number } {
  const draft = jobDraftResultSchema.parse(job.result);
  const total = draft.sections.length;
  const done = draft.sections.filter((s) => s.status === "done").length;
  expect(draft.sections.map((s) => s.status)).toEqual(draft.sections.map((_, i) => (i < done ? "done" : i === done ? "writing" : "pending")));
  for (const [i, section] of draft.sections.entries()) {
    expect(section.heading).toBe(draft.outline.sections[i]!.heading);
    if (i < done) expect(section.content!.length).toBeGreaterThan(0);
    else expect(section.content).toBeNull();
  }
  expect(draft.markdown).toBeNull();
  expect(draft.model).toBe("fake-model");
  const steps = total + (writesOutline ? 1 : 0);
  expect(job.progress).toBeCloseTo((done + (writesOutline ? 1 : 0)) / steps, 6);
  return { done, total };
}

/** A finished draft: every section done, and the Markdown article with every heading in order. */
function expectFinishedDraft(job: Job): JobDraftResult {
  expect(job.status).toBe("succeeded");
  expect(job.progress).toBe(1);
  expect(job.error).toBeNull();
  const draft = jobDraftResultSchema.parse(job.result);
  expect(Object.keys(job.result!).sort()).toEqual(["markdown", "model", "outline", "sections", "title"]);
  expect(draft.title).toBe(draft.outline.title);
  expect(draft.sections.map((s) => s.heading)).toEqual(draft.outline.sections.map((s) => s.heading));
  for (const section of draft.sections) {
    expect(section.status).toBe("done");
    expect(section.content!.trim().length).toBeGreaterThan(0);
  }
  expect(draft.markdown).toBe([`# ${draft.title}`, ...draft.sections.map((s) => `## ${s.heading}\n\n${s.content!.trim()}`)].join("\n\n"));
  const headings = draft.markdown!.split("\n").filter((l) => l.startsWith("#"));
  expect(headings).toEqual([`# ${draft.title}`, ...draft.outline.sections.map((s) => `## ${s.heading}`)]);
  expect(draft.model).toBe("fake-model");
  expect(job.usage.total_tokens).toBe(job.usage.prompt_tokens + job.usage.completion_tokens);
  return draft;
}

/** Section `index`'s call had the article so far as its context: the title and every earlier section, in order. */
function expectContext(record: RequestRecord, draft: JobDraftResult, index: number) {
  const prompt = promptOf(record);
  const before = [`# ${draft.title}`, ...draft.sections.slice(0, index).map((s) => `## ${s.heading}\n\n${s.content!.trim()}`)].join("\n\n");
  expect(prompt).toContain(`<document>\n${before}\n</document>`);
  expect(prompt).toContain(`Section to draft:\n<text>\n## ${draft.outline.sections[index]!.heading}\n`);
  // Nothing from later sections in the article so far; the outline names them all, so sections don't repeat each other.
  const article = prompt.slice(prompt.indexOf("<document>"), prompt.indexOf("</document>"));
  for (const later of draft.sections.slice(index + 1)) expect(article).not.toContain(later.heading);
  const outline = draft.outline.sections.map((s, i) => `${i + 1}. ${s.heading}${i === index ? " (this section)" : ""}`).join("\n");
  expect(prompt).toContain(outline);
  const system = messagesOf(record).find((m) => m.role === "system" || m.role === "developer");
  expect(system && textOf(system)).toMatch(/Draft the section described below/);
}

let key: string;
beforeAll(async () => {
  ({ key } = await keyOwner());
});

// ------------------------------------------------------------------------------------------

describe("template jobs", () => {
  it("runs a template: 202, then succeeded with {content, model, finish_reason} and usage", async () => {
    const tag = uniqueTag("tpl");
    const input = { template: "marketing-campaign", inputs: { brand: `Acme [[tokens=7]] [[tag=${tag}]]`, goal: "More subscribers" }, temperature: 0.3 };
    const metadata = { campaign: "spring" };
    const res = await post(key, { type: "template", input, metadata });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as Job;
    expect(accepted).toMatchObject({ type: "template", status: "queued", input, metadata, result: null });

    const done = await waitForStatus(key, accepted.id, "succeeded", { timeoutMs: 20_000 });
    expect(done).toMatchObject({ type: "template", progress: 1, error: null, attempts: 1, metadata });
    const result = done.result as { content: string; model: string; finish_reason: string };
    expect(Object.keys(result).sort()).toEqual(["content", "finish_reason", "model"]);
    expect(result).toMatchObject({ model: "fake-model", finish_reason: "stop" });
    expect(words(result.content)).toHaveLength(7);

    // The template's prompt, as POST /api/v1/templates/{id} sends it.
    const [record] = await upstreamRequests(tag);
    expect(promptOf(record!)).toContain("Brand: Acme");
    expect(promptOf(record!)).toContain("Goal: More subscribers");
    expect((record!.body as { temperature?: number }).temperature).toBe(0.3);
    expect(done.usage).toEqual(sumUsage([record!]));
  });

  it("answers an unknown template id naming input.template, and creates no job", async () => {
    const { key: owner } = await keyOwner();
    await expectApiError(await post(owner, { type: "template", input: { template: "haiku", inputs: {} } }), ...inputError, "input.template");
    await expectApiError(await post(owner, { type: "template", input: { inputs: { brand: "Acme" } } }), ...inputError, "input.template");
    await expectApiError(
      await post(owner, { type: "template", input: { template: "marketing-campaign", inputs: { brand: "Acme" }, stream: false } }),
      ...inputError,
      "input.stream",
    );
    expect(await listJobs(owner)).toEqual([]);
  });

  it("answers 422 unprocessable_request naming input.inputs.<field> for inputs the template refuses, at submission", async () => {
    const { key: owner } = await keyOwner();
    const tag = uniqueTag("tpl-bad");
    const cases: Array<[Record<string, unknown>, string, unknown]> = [
      [{ template: "marketing-campaign", inputs: { goal: `More [[tag=${tag}]]` } }, "input.inputs.brand", "a missing required input"],
      [{ template: "marketing-campaign", inputs: { brand: "" } }, "input.inputs.brand", "an empty input"],
      [{ template: "marketing-campaign", inputs: { brand: `Acme [[tag=${tag}]]`, colour: "red" } }, "input.inputs.colour", "an unknown input"],
      [{ template: "product-description", inputs: { product: "Backpack", words: 5 } }, "input.inputs.words", "an input out of range"],
      [{ template: "social-post", inputs: { topic: "Launch day", platform: "myspace" } }, "input.inputs.platform", "an input not among its options"],
    ];
    for (const [input, param] of cases) {
      await expectApiError(await post(owner, { type: "template", input }), 422, "unprocessable_request", param);
    }
    expect(await listJobs(owner)).toEqual([]);
    await sleep(200);
    expect(await upstreamRequests(tag)).toHaveLength(0);
  });
});

// ------------------------------------------------------------------------------------------

describe("draft jobs", () => {
  it(
    "drafts an outline section by section: progress k/n with the sections so far while it runs, the article in order, usage summed, each call seeing the text before it",
    { timeout: 60_000 },
    async () => {
      const tags = [1, 2, 3].map((i) => uniqueTag(`draft-${i}`));
      // 20 words at 40 ms: 0.8 s a section, long enough to see each step.
      const outline = scriptedOutline("Keeping bees", tags.map((tag) => `[[tokens=20]] [[delay=40]] [[tag=${tag}]]`));
      const accepted = await submit(key, { type: "draft", input: { outline }, metadata: { kind: "article" } });
      expect(accepted.type).toBe("draft");

      const observed: number[] = [];
      const done = await waitForStatus(key, accepted.id, "succeeded", {
        timeoutMs: 20_000,
        seen: (job) => {
          if (job.status !== "running" || job.result === null) return;
          const { done: finished, total } = expectRunningDraft(job, false);
          expect(total).toBe(3);
          observed.push(finished);
        },
      });
      // Every step was seen (0, 1/3, 2/3), never going back.
      expect([...new Set(observed)]).toEqual([0, 1, 2]);
      const draft = expectFinishedDraft(done);
      expect(draft.outline).toEqual(outline);
      expect(draft.title).toBe("Keeping bees");
      expect(done.attempts).toBe(1);
      for (const section of draft.sections) expect(words(section.content!)).toHaveLength(20);

      // One call a section, one after the other, each with the sections before it as context.
      const records = await Promise.all(tags.map(async (tag) => (await upstreamRequests(tag)) as RequestRecord[]));
      for (const list of records) expect(list).toHaveLength(1);
      const calls = records.map((list) => list[0]!);
      for (const [i, call] of calls.entries()) {
        expect(call.stream).toBe(false);
        expectContext(call, draft, i);
        if (i > 0) expect(call.startedAt).toBeGreaterThanOrEqual(calls[i - 1]!.endedAt!);
      }
      expect(done.usage).toEqual(sumUsage(calls));
    },
  );

  it("drafts from a topic: the outline is written first and counts as a step whose progress moves from its first token, then the sections", { timeout: 60_000 }, async () => {
    const tag = uniqueTag("draft-topic");
    // The audience reaches the outline's call and every section's: one tag for all of them.
    const input = { topic: "Rainwater harvesting", audience: `homeowners [[tokens=30]] [[delay=10]] [[tag=${tag}]]`, tone: "practical", sections: 3 };
    const accepted = await submit(key, { type: "draft", input });

    const states: Array<{ progress: number; done: number | null }> = [];
    const done = await waitForStatus(key, accepted.id, "succeeded", {
      timeoutMs: 20_000,
      interval: 25,
      seen: (job) => {
        if (job.status !== "running") return;
        if (job.result === null) {
          // Writing the outline: no sections to show yet, but progress moves as it streams.
          states.push({ progress: job.progress, done: null });
          return;
        }
        states.push({ progress: job.progress, done: expectRunningDraft(job, true).done });
      },
    });
    const draft = expectFinishedDraft(done);
    const n = draft.sections.length;
    expect(n).toBeGreaterThanOrEqual(3);
    // The outline (one step of n + 1) came before any section, and showed progress before it was complete.
    expect(states[0]!.done).toBeNull();
    const outlining = states.filter((s) => s.done === null).map((s) => s.progress);
    expect(Math.max(...outlining)).toBeGreaterThan(0);
    expect(Math.max(...outlining)).toBeLessThan(1 / (n + 1));
    const steps = [...new Set(states.filter((s) => s.done !== null).map((s) => s.done))];
    expect(steps[0]).toBe(0);
    expect(states.find((s) => s.done === 0)!.progress).toBeCloseTo(1 / (n + 1), 6);
    expect(steps).toEqual([...steps].sort((a, b) => a! - b!));
    expect(steps.length).toBeGreaterThanOrEqual(2);

    const calls = await upstreamRequests(tag);
    expect(calls).toHaveLength(n + 1);
    const [outlineCall, ...sectionCalls] = calls;
    // The outline's call: structured output, the topic and reader in its prompt.
    expect((outlineCall!.body as { response_format?: { type: string } }).response_format?.type).toBe("json_schema");
    expect(outlineCall!.stream).toBe(true);
    expect(promptOf(outlineCall!)).toContain("Topic: Rainwater harvesting");
    expect(promptOf(outlineCall!)).toContain("Tone: practical");
    expect(sectionCalls[0]!.startedAt).toBeGreaterThanOrEqual(outlineCall!.endedAt!);
    for (const [i, call] of sectionCalls.entries()) {
      expect((call.body as { response_format?: unknown }).response_format).toBeUndefined();
      expectContext(call, draft, i);
      expect(promptOf(call)).toContain("Tone: practical");
      if (i > 0) expect(call.startedAt).toBeGreaterThanOrEqual(sectionCalls[i - 1]!.endedAt!);
    }
    expect(done.usage).toEqual(sumUsage(calls));
  });

  const outline3 = scriptedOutline("Three parts", ["", "", ""]);
  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ["both an outline and a topic", { outline: outline3, topic: "Bees" }, "input.outline"],
    ["neither an outline nor a topic", { audience: "anyone" }, "input.outline"],
    ["sections with an outline", { outline: outline3, sections: 4 }, "input.sections"],
    ["an outline with 2 sections", { outline: { title: "Short", sections: outline3.sections.slice(0, 2) } }, "input.outline.sections"],
    ["an outline with 8 sections", { outline: { title: "Long", sections: [...outline3.sections, ...outline3.sections, ...outline3.sections].slice(0, 8) } }, "input.outline.sections"],
    ["a section without key points", { outline: { ...outline3, sections: [{ heading: "Empty", keyPoints: [] }, ...outline3.sections.slice(1)] } }, "input.outline.sections.0.keyPoints"],
    ["an outline without a title", { outline: { sections: outline3.sections } }, "input.outline.title"],
    ["a topic of 2 characters", { topic: "ab" }, "input.topic"],
    ["a topic with 8 sections", { topic: "Bees", sections: 8 }, "input.sections"],
    ["an unknown field", { topic: "Bees", length: "long" }, "input.length"],
  ];
  it.each(invalid)("refuses %s, naming the field, and creates no job", async (_name, input, param) => {
    const { key: owner } = await keyOwner();
    await expectApiError(await post(owner, { type: "draft", input }), ...inputError, param);
    expect(await listJobs(owner)).toEqual([]);
  });

  it("fails a draft whose section call fails: error {code, message}, no later section requested, the tokens used counted", { timeout: 30_000 }, async () => {
    const { key: owner } = await keyOwner();
    const tags = [1, 2, 3].map((i) => uniqueTag(`draft-fail-${i}`));
    // A 4xx from the provider is final: no retries.
    const outline = scriptedOutline("Broken", [`[[tokens=6]] [[tag=${tags[0]}]]`, `[[fail=400]] [[tag=${tags[1]}]]`, `[[tokens=6]] [[tag=${tags[2]}]]`]);
    const job = await submit(owner, { type: "draft", input: { outline } });
    const failed = await waitForStatus(owner, job.id, "failed", { timeoutMs: 20_000 });
    expect(failed.error!.code).toMatch(/^upstream_(error|unavailable)$/);
    expect(failed.progress).toBeLessThan(1);
    expect(failed.attempts).toBe(1);
    expect(await upstreamRequests(tags[0]!)).toHaveLength(1);
    expect((await upstreamRequests(tags[1]!)).length).toBeGreaterThanOrEqual(1);
    await sleep(300);
    expect(await upstreamRequests(tags[2]!)).toHaveLength(0);
    // Section 1's call succeeded: its tokens are the job's.
    const [first] = await upstreamRequests(tags[0]!);
    expect(failed.usage).toEqual(sumUsage([first!]));
  });

  it("cancels a running draft: the section's call is aborted, the finished sections stay in the result", { timeout: 30_000 }, async () => {
    const { key: owner } = await keyOwner();
    const tags = [1, 2, 3].map((i) => uniqueTag(`draft-cancel-${i}`));
    // Section 2: 100 words at 20 ms (2 s, under the shared app's 4 s model timeout).
    const outline = scriptedOutline("Cut short", [`[[tokens=6]] [[tag=${tags[0]}]]`, `[[tokens=100]] [[delay=20]] [[tag=${tags[1]}]]`, `[[tokens=6]] [[tag=${tags[2]}]]`]);
    const job = await submit(owner, { type: "draft", input: { outline } });
    await upstreamCall(tags[1]!);
    const running = await waitForStatus(owner, job.id, "running", { timeoutMs: 20_000 });
    expect(expectRunningDraft(running, false).done).toBe(1);

    const cancelledAt = Date.now();
    const res = await v1(`/api/v1/jobs/${job.id}`, { key: owner, method: "DELETE" });
    expect(res.status).toBe(200);
    const cancelled = (await res.json()) as Job;
    expect(cancelled.status).toBe("cancelled");

    const record = await upstreamAborted(tags[1]!);
    expect(record.endedAt! - cancelledAt).toBeLessThan(1_000);
    expect(record.completed).toBe(false);

    // Long past the section's natural end: still cancelled, section 1 kept, nothing more written.
    await sleep(2_500);
    const later = await getJob(owner, job.id);
    expect(later.status).toBe("cancelled");
    expect(later.finished_at).toBe(cancelled.finished_at);
    const draft = jobDraftResultSchema.parse(later.result);
    expect(draft.sections.map((s) => s.status)).toEqual(["done", "writing", "pending"]);
    expect(words(draft.sections[0]!.content!)).toHaveLength(6);
    expect(draft.sections[1]!.content).toBeNull();
    expect(draft.markdown).toBeNull();
    expect(later.progress).toBeCloseTo(1 / 3, 6);
    expect(await upstreamRequests(tags[2]!)).toHaveLength(0);
    expect(await upstreamRequests(tags[1]!)).toHaveLength(1);
    // The finished section's tokens are the job's.
    expect(later.usage.completion_tokens).toBeGreaterThanOrEqual(6);
  });
});

// ------------------------------------------------------------------------------------------

describe("a draft surviving a restart (JOBS_CONCURRENCY=1, JOBS_LEASE_MS=1500)", () => {
  const port = 3983;
  const env = modelEnv({ JOBS_CONCURRENCY: "1", JOBS_LEASE_MS: "1500" });
  const apps = appsOn(port, env);

  it("goes on after the sections finished before the kill: they are not written again, attempts 2", { timeout: 90_000 }, async () => {
    const first = apps[0]!;
    const { key: owner } = await keyOwner(first.url);
    const tags = [1, 2, 3, 4].map((i) => uniqueTag(`draft-restart-${i}`));
    const outline = scriptedOutline("Resumed", [
      `[[tokens=8]] [[tag=${tags[0]}]]`,
      `[[tokens=9]] [[tag=${tags[1]}]]`,
      // Section 3 is slow: the process is killed while it is being written.
      `[[tokens=60]] [[delay=50]] [[tag=${tags[2]}]]`,
      `[[tokens=10]] [[tag=${tags[3]}]]`,
    ]);
    const job = await submit(owner, { type: "draft", input: { outline } }, first.url);
    await upstreamCall(tags[2]!);
    const before = await getJob(owner, job.id, first.url);
    expect(expectRunningDraft(before, false).done).toBe(2);
    expect(before.progress).toBeCloseTo(2 / 4, 6);
    const kept = jobDraftResultSchema.parse(before.result).sections.slice(0, 2);

    const second = await restart(first, port, env);
    apps.push(second);

    const done = await waitForStatus(owner, job.id, "succeeded", { base: second.url, timeoutMs: 45_000, interval: 100 });
    expect(done.attempts).toBe(2);
    const draft = expectFinishedDraft(done);
    // Sections 1–2 as the first run wrote them; 3–4 by the second.
    expect(draft.sections.slice(0, 2)).toEqual(kept);
    expect(words(draft.sections[2]!.content!)).toHaveLength(60);
    expect(words(draft.sections[3]!.content!)).toHaveLength(10);

    const [one, two, three, four] = await Promise.all(tags.map((tag) => upstreamRequests(tag)));
    expect(one).toHaveLength(1);
    expect(two).toHaveLength(1);
    expect(three).toHaveLength(2);
    expect(three![0]!.completed).toBe(false);
    expect(three![1]!.completed).toBe(true);
    expect(four).toHaveLength(1);
    // The resumed section still had the first run's sections as context.
    expectContext(three![1]!, draft, 2);
    expectContext(four![0]!, draft, 3);
    // Both runs' tokens: the killed call never answered, so it reported none.
    expect(done.usage).toEqual(sumUsage([one![0]!, two![0]!, three![1]!, four![0]!]));
  });
});
