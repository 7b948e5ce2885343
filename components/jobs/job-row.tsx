"use client";

import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import type { JobJson } from "@/lib/contracts/jobs";
import { Button } from "@/components/ui/button";
import { ChevronDownIcon, FileTextIcon, StopIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils";
import { DraftSectionsList } from "./draft-sections-list";
import { JobDetail } from "./job-detail";
import { formatTime, jobSummary, typeLabels } from "./job-format";
import { JobProgressBar } from "./job-progress-bar";
import { draftResultOf } from "./job-result";
import { JobStatusBadge } from "./job-status-badge";
import { cancelJob, isActive, openJobAsDocument } from "@/lib/client/api/jobs";

interface JobRowProps {
  job: JobJson;
  /** The job as the server answered after an action (a cancel). */
  onChange: (job: JobJson) => void;
}

/** One job in the list: what it is, its status and progress, actions; expands to its details. */
export function JobRow({ job, onChange }: JobRowProps) {
  const router = useRouter();
  const detailId = useId();
  const [expanded, setExpanded] = useState(false);
  const [busy, setBusy] = useState<"cancel" | "open" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const summary = jobSummary(job);
  const draft = draftResultOf(job);
  const active = isActive(job);

  const cancel = async () => {
    setBusy("cancel");
    setError(null);
    const result = await cancelJob(job.id);
    setBusy(null);
    if (result.ok) onChange(result.data);
    else setError(result.error.message);
  };

  const open = async () => {
    setBusy("open");
    setError(null);
    const result = await openJobAsDocument(job.id);
    if (result.ok) return router.push(`/d/${result.data.document.id}`);
    setBusy(null);
    setError(result.error.message);
  };

  const metadata = Object.entries(job.metadata);
  return (
    <li className="flex flex-col gap-3 px-4 py-3" data-testid="job-row" data-job-id={job.id} data-status={job.status} data-type={job.type}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls={expanded ? detailId : undefined}
          onClick={() => setExpanded((open) => !open)}
          className="-mx-1 flex min-w-0 flex-1 items-center gap-2 rounded-md px-1 text-left"
          data-testid="job-toggle"
        >
          <ChevronDownIcon className={cn("size-4 shrink-0 text-neutral-500 transition-transform", !expanded && "-rotate-90")} aria-hidden />
          <span className="shrink-0 text-xs font-semibold tracking-wide text-neutral-500 uppercase dark:text-neutral-400" data-testid="job-type">
            {typeLabels[job.type]}
          </span>
          <span className="min-w-0 truncate text-sm font-medium" data-testid="job-summary">
            {summary}
          </span>
          <span className="sr-only">{expanded ? "(hide details)" : "(show details)"}</span>
        </button>
        <JobStatusBadge status={job.status} />
        {active ? (
          <Button size="sm" variant="danger" onClick={() => void cancel()} disabled={busy !== null} data-testid="job-cancel" aria-label={`Cancel ${typeLabels[job.type].toLowerCase()} job “${summary}”`}>
            {busy === "cancel" ? <Spinner /> : <StopIcon />} Cancel
          </Button>
        ) : null}
        {job.type === "draft" && job.status === "succeeded" ? (
          <Button size="sm" variant="primary" onClick={() => void open()} disabled={busy !== null} data-testid="job-open-document">
            {busy === "open" ? <Spinner /> : <FileTextIcon />} Open as document
          </Button>
        ) : null}
      </div>

      <JobProgressBar progress={job.progress} status={job.status} label={`Progress of “${summary}”`} />

      <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-neutral-600 dark:text-neutral-400">
        <span>
          Created <time dateTime={job.created_at} data-testid="job-created">{formatTime(job.created_at)}</time>
        </span>
        {job.finished_at ? (
          <span>
            Finished <time dateTime={job.finished_at} data-testid="job-finished">{formatTime(job.finished_at)}</time>
          </span>
        ) : null}
        {metadata.length ? (
          <span className="flex flex-wrap gap-1" data-testid="job-metadata">
            {metadata.map(([key, value]) => (
              <span key={key} className="rounded bg-neutral-100 px-1.5 font-mono text-[11px] dark:bg-neutral-800">
                {key}={value}
              </span>
            ))}
          </span>
        ) : null}
      </div>

      {job.status === "failed" && job.error ? (
        <p className="rounded-lg bg-red-50 px-3 py-2 text-[13px] text-red-800 dark:bg-red-500/10 dark:text-red-200" data-testid="job-error">
          <span className="font-mono text-xs">{job.error.code}</span>: {job.error.message}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-[13px] text-red-700 dark:text-red-300" data-testid="job-action-error">
          {error}
        </p>
      ) : null}

      {draft && (active || expanded) ? <DraftSectionsList sections={draft.sections} /> : null}
      {expanded ? <JobDetail job={job} id={detailId} /> : null}
    </li>
  );
}
