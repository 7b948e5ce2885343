import type { EditableOutline } from "@/lib/client/outline";
import { ModelWait } from "@/components/model/model-wait";
import { Spinner } from "@/components/ui/spinner";

/** The outline as it streams in, read-only until it is complete. */
export function OutlinePreview({ outline }: { outline: EditableOutline | null }) {
  return (
    <div data-testid="outline-preview" aria-busy="true" className="flex flex-col gap-3">
      {outline?.title ? (
        <p className="flex items-center gap-2 text-sm text-indigo-700 dark:text-indigo-300">
          <Spinner /> Generating outline…
        </p>
      ) : (
        <ModelWait label="Generating outline…" />
      )}
      {outline?.title ? <h3 className="text-base font-semibold text-neutral-900 dark:text-neutral-100">{outline.title}</h3> : null}
      <ol className="flex flex-col gap-2">
        {outline?.sections.map((section, index) => (
          <li key={section.id} className="rounded-lg border border-neutral-200 p-3 dark:border-neutral-800">
            <p className="text-sm font-medium text-neutral-900 dark:text-neutral-100">
              <span className="mr-1.5 text-neutral-400">{index + 1}.</span>
              {section.heading}
            </p>
            {section.keyPoints.length > 0 ? (
              <ul className="mt-1.5 list-disc pl-5 text-xs leading-5 text-neutral-600 dark:text-neutral-400">
                {section.keyPoints.map((point, i) => (
                  <li key={i}>{point}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
