import type { ApiKeyJson } from "@/lib/contracts/api-keys";
import { cn } from "@/lib/utils";

const styles: Record<ApiKeyJson["status"], string> = {
  active: "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30",
  expired: "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/30",
  revoked: "bg-neutral-100 text-neutral-600 ring-neutral-500/20 dark:bg-neutral-800 dark:text-neutral-400 dark:ring-neutral-500/30",
};

const labels: Record<ApiKeyJson["status"], string> = { active: "Active", expired: "Expired", revoked: "Revoked" };

/** Whether the key still works: active, or why not. */
export function ApiKeyStatusBadge({ status }: { status: ApiKeyJson["status"] }) {
  return (
    <span
      className={cn("inline-flex h-5 items-center rounded-full px-2 text-[11px] font-medium ring-1 ring-inset", styles[status])}
      data-testid="api-key-status"
      data-status={status}
    >
      {labels[status]}
    </span>
  );
}
