import type { JobStatusName } from "@/lib/contracts/jobs";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils";
import { statusLabels } from "./job-format";

const styles: Record<JobStatusName, string> = {
  queued: "bg-neutral-100 text-neutral-700 ring-neutral-500/20 dark:bg-neutral-800 dark:text-neutral-300 dark:ring-neutral-500/30",
  running: "bg-indigo-50 text-indigo-800 ring-indigo-600/20 dark:bg-indigo-500/10 dark:text-indigo-300 dark:ring-indigo-400/30",
  succeeded: "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30",
  failed: "bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/30",
  cancelled: "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/30",
};

/** Where the job is: queued, running (with a spinner), or how it ended. */
export function JobStatusBadge({ status }: { status: JobStatusName }) {
  return (
    <span
      className={cn("inline-flex h-5 items-center gap-1 rounded-full px-2 text-[11px] font-medium ring-1 ring-inset [&_svg]:size-3", styles[status])}
      data-testid="job-status"
      data-status={status}
    >
      {status === "running" ? <Spinner /> : null}
      {statusLabels[status]}
    </span>
  );
}
