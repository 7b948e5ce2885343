import type { JobStatusName } from "@/lib/contracts/jobs";
import { cn } from "@/lib/utils";
import { percent } from "./job-format";

const fills: Record<JobStatusName, string> = {
  queued: "bg-neutral-300 dark:bg-neutral-600",
  running: "bg-indigo-500",
  succeeded: "bg-emerald-500",
  failed: "bg-red-500",
  cancelled: "bg-amber-500",
};

/** How far the job is (0–100 %), as a bar with its percentage beside it. */
export function JobProgressBar({ progress, status, label }: { progress: number; status: JobStatusName; label: string }) {
  const value = percent(progress);
  return (
    <div className="flex items-center gap-2">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        data-testid="job-progress"
        data-value={value}
        className="h-1.5 flex-1 overflow-hidden rounded-full bg-neutral-100 dark:bg-neutral-800"
      >
        <div className={cn("h-full rounded-full transition-[width] duration-500", fills[status])} style={{ width: `${value}%` }} />
      </div>
      <span className="w-10 text-right text-xs text-neutral-600 tabular-nums dark:text-neutral-400" data-testid="job-progress-percent">
        {value}%
      </span>
    </div>
  );
}
