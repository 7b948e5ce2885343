import type { JobDraftResult, JobJson } from "@/lib/contracts/jobs";
import type { Outline } from "@/lib/contracts/outline";
import { SafeMarkdown } from "@/components/markdown/safe-markdown";

/** The draft result of a draft job, when it has one (its sections appear while it runs). */
export function draftResultOf(job: Pick<JobJson, "type" | "result">): JobDraftResult | null {
  if (job.type !== "draft" || !job.result || !("sections" in job.result)) return null;
  return job.result;
}

function OutlineView({ outline }: { outline: Outline }) {
  return (
    <div className="flex flex-col gap-2 text-sm">
      <p className="font-semibold">{outline.title}</p>
      <ol className="list-decimal space-y-1 pl-5">
        {outline.sections.map((section, index) => (
          <li key={index}>
            <span className="font-medium">{section.heading}</span>
            <ul className="list-disc pl-5 text-neutral-600 dark:text-neutral-400">
              {section.keyPoints.map((point, i) => (
                <li key={i}>{point}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** What the job produced: the article (draft), the text (chat, write, template) or the outline. */
export function JobResult({ job }: { job: JobJson }) {
  const result = job.result;
  if (!result) return <p className="text-sm text-neutral-500 dark:text-neutral-400">No result yet.</p>;
  const draft = draftResultOf(job);
  let body;
  if (draft) {
    const markdown = draft.markdown ?? draft.sections.flatMap((s) => (s.content ? [`## ${s.heading}`, s.content] : [])).join("\n\n");
    body = markdown ? <SafeMarkdown>{markdown}</SafeMarkdown> : <OutlineView outline={draft.outline} />;
  } else if ("content" in result) {
    body = <SafeMarkdown>{result.content}</SafeMarkdown>;
  } else if ("outline" in result) {
    body = <OutlineView outline={result.outline} />;
  }
  return (
    <div className="max-h-96 overflow-y-auto rounded-lg border border-neutral-200 bg-neutral-50 p-3 dark:border-neutral-800 dark:bg-neutral-950" data-testid="job-result">
      {body}
    </div>
  );
}
