import type { JobDraftResult } from "@/lib/contracts/jobs";
import { CheckIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils";

type Section = JobDraftResult["sections"][number];

const labels: Record<Section["status"], string> = { pending: "Pending", writing: "Writing", done: "Done" };

/** A draft's sections in order, each pending, being written, or done. */
export function DraftSectionsList({ sections }: { sections: Section[] }) {
  return (
    <ol aria-label="Sections" className="flex flex-col gap-1" data-testid="draft-sections">
      {sections.map((section, index) => (
        <li
          key={`${index}-${section.heading}`}
          className="flex items-center gap-2 text-[13px]"
          data-testid="draft-section"
          data-status={section.status}
        >
          <span
            aria-hidden
            className={cn(
              "grid size-4 shrink-0 place-items-center rounded-full [&_svg]:size-3",
              section.status === "done" && "bg-emerald-100 text-emerald-700 dark:bg-emerald-500/20 dark:text-emerald-300",
              section.status === "writing" && "text-indigo-600 dark:text-indigo-400",
              section.status === "pending" && "border border-neutral-300 dark:border-neutral-600",
            )}
          >
            {section.status === "done" ? <CheckIcon /> : section.status === "writing" ? <Spinner /> : null}
          </span>
          <span className={cn("min-w-0 flex-1 truncate", section.status === "pending" && "text-neutral-500 dark:text-neutral-400")}>
            {section.heading}
          </span>
          <span className="text-xs text-neutral-500 dark:text-neutral-400" data-testid="draft-section-status">
            {labels[section.status]}
          </span>
        </li>
      ))}
    </ol>
  );
}
