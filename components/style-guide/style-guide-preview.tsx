import { styleGuideInstructions, type StyleGuide } from "@/lib/contracts/style-guide";
import { ChevronDownIcon } from "@/components/ui/icons";

/** "What the model is told": the exact text every AI call on the document adds to its instructions. */
export function StyleGuidePreview({ guide }: { guide: StyleGuide | null | undefined }) {
  const text = styleGuideInstructions(guide);
  return (
    <details className="group rounded-lg border border-neutral-200 dark:border-neutral-800" data-testid="style-guide-preview">
      <summary className="flex cursor-pointer list-none items-center gap-1.5 rounded-lg px-3 py-2 text-[13px] font-medium text-neutral-700 select-none hover:bg-neutral-50 dark:text-neutral-300 dark:hover:bg-neutral-800/60 [&::-webkit-details-marker]:hidden [&_svg]:size-4">
        <ChevronDownIcon className="-rotate-90 transition-transform group-open:rotate-0" />
        What the model is told
      </summary>
      <div className="border-t border-neutral-200 px-3 py-2 dark:border-neutral-800">
        {text ? (
          <pre className="max-h-72 overflow-auto font-mono text-xs leading-relaxed whitespace-pre-wrap text-neutral-700 dark:text-neutral-300" data-testid="style-guide-preview-text">
            {text}
          </pre>
        ) : (
          <p className="text-xs text-neutral-500 dark:text-neutral-400" data-testid="style-guide-preview-text">
            Nothing: no style guide applies, so the model writes in its own default style.
          </p>
        )}
        <p className="mt-2 text-xs text-neutral-500 dark:text-neutral-400">Added to the instructions of every AI action, chat answer, outline and draft.</p>
      </div>
    </details>
  );
}
