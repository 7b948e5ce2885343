import type { JobStatusName } from "@/lib/contracts/jobs";
import { statusLabels } from "./job-format";

/** An empty list: no jobs yet, or none with the chosen status. */
export function JobsEmpty({ status }: { status?: JobStatusName }) {
  return (
    <div data-testid="jobs-empty" className="flex flex-col items-center gap-1 px-6 py-14 text-center">
      <p className="text-sm font-medium">{status ? `No ${statusLabels[status].toLowerCase()} jobs` : "No jobs yet"}</p>
      <p className="max-w-sm text-sm text-neutral-600 dark:text-neutral-400">
        {status
          ? "Choose another status to see the rest."
          : "Start a draft above, or send a job to POST /api/v1/jobs: it shows up here with its progress."}
      </p>
    </div>
  );
}
