import type { ReactNode } from "react";
import type { JobJson } from "@/lib/contracts/jobs";
import { formatDuration, formatTime } from "./job-format";
import { JobResult } from "./job-result";
import { WebhookDeliveryLog } from "./webhook-delivery-log";

function Fact({ term, children, testId }: { term: string; children: ReactNode; testId?: string }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-xs text-neutral-500 dark:text-neutral-400">{term}</dt>
      <dd className="text-[13px] tabular-nums" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** Everything about one job: its result, usage, attempts, timing, and its webhook deliveries. */
export function JobDetail({ job, id }: { job: JobJson; id: string }) {
  const ran = job.started_at && job.finished_at ? Date.parse(job.finished_at) - Date.parse(job.started_at) : null;
  return (
    <div id={id} className="flex flex-col gap-4 border-t border-neutral-200 pt-4 dark:border-neutral-800" data-testid="job-detail">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Fact term="Prompt tokens">{job.usage.prompt_tokens.toLocaleString("en-US")}</Fact>
        <Fact term="Completion tokens">{job.usage.completion_tokens.toLocaleString("en-US")}</Fact>
        <Fact term="Total tokens" testId="job-usage-total">
          {job.usage.total_tokens.toLocaleString("en-US")}
        </Fact>
        <Fact term="Attempts" testId="job-attempts">
          {job.attempts}
        </Fact>
        <Fact term="Started">{job.started_at ? formatTime(job.started_at) : "—"}</Fact>
        <Fact term="Finished">{job.finished_at ? formatTime(job.finished_at) : "—"}</Fact>
        <Fact term="Ran for">{ran !== null ? formatDuration(ran) : "—"}</Fact>
        <Fact term="Job id">
          <code className="font-mono text-[11px] break-all">{job.id}</code>
        </Fact>
      </dl>
      {job.webhook_url ? (
        <p className="text-[13px] text-neutral-600 dark:text-neutral-400">
          Webhook: <span className="font-mono text-xs break-all">{job.webhook_url}</span>
        </p>
      ) : null}
      <div className="flex flex-col gap-2">
        <h4 className="text-xs font-semibold tracking-wide text-neutral-500 uppercase dark:text-neutral-400">Result</h4>
        <JobResult job={job} />
      </div>
      <WebhookDeliveryLog jobId={job.id} jobStatus={job.status} />
    </div>
  );
}
