import { describe, expect, it } from "vitest";
import type { JobJson } from "@/lib/contracts/jobs";
import { keyOwner, v1 } from "./api-key-helpers";
import { postJson, uniqueTag, upstreamRequests } from "./helpers";
import { waitForStatus } from "./job-helpers";

type Messages = { messages: { role: string; content: string }[] };
const system = (body: unknown) => (body as Messages).messages[0]!.content;
const lastUser = (body: unknown) => (body as Messages).messages.at(-1)!.content;

/** An article of `sections` sections of about `chars` characters each, every one carrying the test's tag. */
function article(tag: string, sections: number, chars: number): string {
  const parts = Array.from({ length: sections }, (_, i) => {
    const sentence = `Section ${i + 1} says something of its own. `;
    return `## Part ${i + 1}\n\n[[tag=${tag}]] ${sentence.repeat(Math.ceil(chars / sentence.length))}`;
  });
  return ["# The article", ...parts].join("\n\n");
}

async function draftSection(tag: string, document: string) {
  const res = await postJson("/api/write", { action: "draft-section", text: `## Part 9\n- the next point [[tag=${tag}]]`, document });
  expect(res.status).toBe(200);
  await res.text();
  const requests = await upstreamRequests(tag);
  const summaries = requests.filter((r) => /Summarize the section/.test(system(r.body)));
  const draft = requests.filter((r) => /Draft the section/.test(system(r.body)));
  expect(draft).toHaveLength(1);
  return { summaries, prompt: lastUser(draft[0]!.body) };
}

describe("drafting a section of a long article", () => {
  it("sends the earlier sections as summaries labelled by their headings, the latest ones verbatim, instead of cutting the middle", async () => {
    const tag = uniqueTag("long-article");
    const document = article(tag, 6, 2_800);
    const { summaries, prompt } = await draftSection(tag, document);
    // Parts 1–4 are summarized; 5 and 6, just before the section being drafted, are not.
    expect(summaries.map((r) => lastUser(r.body).match(/Section: (Part \d)/)?.[1]).sort()).toEqual(["Part 1", "Part 2", "Part 3", "Part 4"]);
    for (const part of [1, 2, 3, 4]) expect(prompt).toMatch(new RegExp(`## Part ${part}\\n\\n\\[Summary of this section; its full text is left out\\] \\S`));
    expect(prompt).toContain("Section 5 says something of its own.");
    expect(prompt).toContain("Section 6 says something of its own.");
    expect(prompt).not.toContain("Section 2 says something of its own.");
    expect(prompt).not.toContain("[…]");
  });

  it("summarizes a section once: drafting the next section reuses the earlier summaries", async () => {
    const tag = uniqueTag("cached-summaries");
    await draftSection(tag, article(tag, 6, 2_800));
    const before = (await upstreamRequests(tag)).length;
    const seven = `${article(tag, 6, 2_800)}\n\n## Part 7\n\nSection 7 is short.`;
    await postJson("/api/write", { action: "draft-section", text: `## Part 9\n- more [[tag=${tag}]]`, document: seven }).then((r) => r.text());
    const after = (await upstreamRequests(tag)).slice(before);
    // Only Part 5 is new to summarize (6 and 7 are now the latest); plus the draft itself.
    expect(after.filter((r) => /Summarize the section/.test(system(r.body))).map((r) => lastUser(r.body).match(/Section: (Part \d)/)?.[1])).toEqual(["Part 5"]);
  });

  it("makes no summary calls for a short article and sends it whole", async () => {
    const tag = uniqueTag("short-article");
    const document = article(tag, 3, 300);
    const { summaries, prompt } = await draftSection(tag, document);
    expect(summaries).toHaveLength(0);
    expect(prompt).toContain("Section 1 says something of its own.");
    expect(prompt).not.toContain("[Summary of this section");
  });
});

describe("a draft job of a long article", () => {
  it("drafts its later sections with the earlier ones summarized, each summary a call of its own", { timeout: 60_000 }, async () => {
    const tag = uniqueTag("draft-job");
    const { key } = await keyOwner();
    // Every section ≈ 5,000 characters: from the fourth on, the article so far is past the budget.
    const outline = {
      title: "Long",
      sections: Array.from({ length: 5 }, (_, i) => ({ heading: `Part ${i + 1} [[tag=${tag}]]`, keyPoints: [`Point ${i + 1} [[tokens=900]]`] })),
    };
    const res = await v1("/api/v1/jobs", { key, body: { type: "draft", input: { outline } } });
    expect(res.status).toBe(202);
    const job = await waitForStatus(key, ((await res.json()) as JobJson).id, "succeeded", { timeoutMs: 45_000 });
    const requests = await upstreamRequests(tag);
    const summaries = requests.filter((r) => /Summarize the section/.test(system(r.body)));
    const drafts = requests.filter((r) => /Draft the section/.test(system(r.body)));
    expect(drafts).toHaveLength(5);
    // Part 1 and 2 once each (the fifth section reuses them), Part 3 for the fifth.
    expect(summaries.map((r) => lastUser(r.body).match(/Section: (Part \d)/)?.[1]).sort()).toEqual(["Part 1", "Part 2", "Part 3"]);
    const last = lastUser(drafts.at(-1)!.body);
    expect(last).toMatch(/## Part 1 \S+\n\n\[Summary of this section; its full text is left out\]/);
    expect(last).not.toContain("[…]");
    // The summaries' tokens are the job's too.
    expect(job.usage.completion_tokens).toBe(requests.reduce((n, r) => n + r.chunksSent, 0));
  });
});
