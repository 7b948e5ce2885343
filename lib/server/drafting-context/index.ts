import "server-only";
import { createHash } from "node:crypto";
import { limits } from "@/lib/contracts/limits";
import { documentContextChars, sectionSummaryPrompt } from "@/lib/server/ai/prompts";
import type { ResolvedModel } from "@/lib/server/ai/providers";
import { generateAnswer, promptCall } from "@/lib/server/delivery";
import { logger } from "@/lib/server/log";
import type { Caller } from "@/lib/server/usage";
import { assembleContext, briefHeading, planContext, sectionBody, splitSections, type ArticleSection } from "./plan";

/**
 * Summaries by a hash of their scope (the writer and the model) and the section's text: drafting
 * section 6 doesn't summarize 1–4 again, and one writer's summaries never answer another's.
 */
const cacheEntries = 500;
const cache = new Map<string, string>();

function cached(key: string): string | undefined {
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Least recently used goes first: a hit moves to the end.
    cache.delete(key);
    cache.set(key, hit);
  }
  return hit;
}

function remember(key: string, summary: string) {
  cache.set(key, summary);
  while (cache.size > cacheEntries) cache.delete(cache.keys().next().value!);
}

const summaryKey = (scope: string, section: ArticleSection) => createHash("sha256").update(`${scope}\n${section.text}`).digest("base64url");

/**
 * At most this many summary calls for one request (an outline's most sections): limits charge a
 * request once, so a document of many tiny sections must not turn into thousands of calls. Past
 * it, the article goes as it is, for the prompt to cut in the middle.
 */
export const maxSummaries = limits.outlineSections;

/** At most this many summary calls at once, per drafting request. */
const concurrency = 2;
const summaryTokens = 200;

export type Summarize = (section: ArticleSection, signal: AbortSignal) => Promise<{ text: string; usage: Usage }>;

type Usage = { inputTokens: number; outputTokens: number };

/**
 * The article so far as drafting's context: as it is when it fits the prompt's budget; otherwise
 * with its earlier sections as summaries labelled by their headings (the one or two just before
 * the section being drafted stay verbatim). A summary call that fails leaves the article as it is,
 * for the prompt to cut in the middle as before. Returns the context and the summaries' usage.
 */
export async function summarizedContext({
  article,
  heading,
  scope,
  summarize,
  signal,
  budget = documentContextChars,
}: {
  article: string;
  heading: string;
  /** Whose summaries these are, and by which model (the cache's scope). */
  scope: string;
  summarize: Summarize;
  signal: AbortSignal;
  budget?: number;
}): Promise<{ article: string; usage: Usage }> {
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  if (article.length <= budget) return { article, usage };
  const sections = splitSections(article);
  const { summarize: wanted } = planContext(sections, heading, budget);
  if (wanted.length === 0 || wanted.length > maxSummaries) return { article, usage };
  const summaries = new Map<number, string>();
  let failed = false;
  const queue = [...wanted];
  const worker = async () => {
    for (let index = queue.shift(); index !== undefined && !failed; index = queue.shift()) {
      const section = sections[index]!;
      const key = summaryKey(scope, section);
      const hit = cached(key);
      if (hit !== undefined) {
        summaries.set(index, hit);
        continue;
      }
      try {
        const answer = await summarize(section, signal);
        usage.inputTokens += answer.usage.inputTokens;
        usage.outputTokens += answer.usage.outputTokens;
        if (!answer.text.trim()) throw new Error("empty summary");
        remember(key, answer.text.trim());
        summaries.set(index, answer.text.trim());
      } catch (error) {
        signal.throwIfAborted();
        failed = true;
        logger.warn({ err: error }, "drafting: summarizing a section failed; the context is cut in the middle instead");
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, wanted.length) }, worker));
  return { article: failed ? article : assembleContext(sections, summaries), usage };
}

/**
 * Drafting's context for one section (the studio's draft-section action and draft jobs): the
 * summaries are model calls of the caller's, recorded and charged to their usage and budget like
 * any other, with the drafting request's model (at most `maxSummaries` of them).
 */
export function draftingContext({
  caller,
  resolved,
  article,
  brief,
  signal,
}: {
  caller: Caller;
  resolved: ResolvedModel;
  article: string;
  /** The draft-section request's text: its first line names the section being drafted. */
  brief: string;
  signal: AbortSignal;
}): Promise<{ article: string; usage: Usage }> {
  const summarize: Summarize = async (section, callSignal) => {
    const prompt = sectionSummaryPrompt({ heading: section.heading, text: sectionBody(section) });
    const prepared = promptCall({ kind: "summary", caller, resolved, prompt, options: { max_tokens: summaryTokens } });
    const answer = await generateAnswer(prepared, callSignal);
    return { text: answer.text, usage: answer.usage };
  };
  const scope = `${caller.user.id}\n${resolved.info.id}`;
  return summarizedContext({ article, heading: briefHeading(brief), scope, summarize, signal });
}
