"use client";

import { useState } from "react";
import { jobStatuses, type JobStatusName } from "@/lib/contracts/jobs";
import { PageHeading } from "@/components/app-shell/page-heading";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { RefreshIcon } from "@/components/ui/icons";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { statusLabels } from "./job-format";
import { JobRow } from "./job-row";
import { JobsEmpty } from "./jobs-empty";
import { NewDraftForm } from "./new-draft-form";
import { useJobList } from "@/hooks/use-job-list";

const filterOptions = [{ value: "", label: "All statuses" }, ...jobStatuses.map((status) => ({ value: status, label: statusLabels[status] }))];

/**
 * The user's jobs (started here or through the API), newest first, with live progress, a status
 * filter and "Load more"; and a form that starts a draft job.
 */
export function JobsView() {
  const [status, setStatus] = useState<JobStatusName | undefined>(undefined);
  const list = useJobList(status);

  return (
    <>
      <PageHeading
        title="Jobs"
        description="Work that runs in the background — drafts started here, and jobs sent to the API. Progress updates live."
      />

      <section
        aria-labelledby="new-draft-heading"
        className="flex flex-col gap-4 rounded-xl border border-neutral-200 bg-white p-5 shadow-xs dark:border-neutral-800 dark:bg-neutral-900"
      >
        <h2 id="new-draft-heading" className="text-sm font-semibold">
          New draft
        </h2>
        <NewDraftForm onSubmitted={(job) => (status === undefined || status === job.status ? list.upsert(job) : setStatus(undefined))} />
      </section>

      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 className="text-sm font-semibold">Your jobs</h2>
        <div className="flex items-end gap-2">
          <Button onClick={list.reload} disabled={list.loading} data-testid="jobs-refresh">
            {list.loading && list.jobs !== null ? <Spinner /> : <RefreshIcon />} Refresh
          </Button>
          <Select
            label="Status"
            hideLabel
            options={filterOptions}
            value={status ?? ""}
            onChange={(event) => setStatus((event.target.value || undefined) as JobStatusName | undefined)}
            wrapperClassName="w-44"
            data-testid="jobs-status-filter"
          />
        </div>
      </div>

      {list.error ? <Alert testId="jobs-error">{list.error.message}</Alert> : null}

      <section
        aria-label="Jobs"
        aria-busy={list.loading}
        className="overflow-hidden rounded-xl border border-neutral-200 bg-white shadow-xs dark:border-neutral-800 dark:bg-neutral-900"
      >
        {list.jobs === null ? (
          <div className="flex items-center justify-center gap-2 py-14 text-sm text-neutral-500 dark:text-neutral-400">
            <Spinner /> Loading…
          </div>
        ) : list.jobs.length === 0 ? (
          <JobsEmpty status={status} />
        ) : (
          <ul className="divide-y divide-neutral-200 dark:divide-neutral-800" data-testid="jobs-list">
            {list.jobs.map((job) => (
              <JobRow key={job.id} job={job} onChange={list.upsert} />
            ))}
          </ul>
        )}
      </section>

      {list.hasMore ? (
        <div className="flex justify-center">
          <Button onClick={() => void list.loadMore()} disabled={list.loadingMore} data-testid="jobs-load-more">
            {list.loadingMore ? <Spinner /> : null} Load more
          </Button>
        </div>
      ) : null}
    </>
  );
}
