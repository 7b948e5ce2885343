import { templateIds, templates, type TemplateId } from "@/lib/contracts/templates";
import { FileTextIcon } from "@/components/ui/icons";

/** Every template, as a button that opens its form. */
export function TemplatePicker({ onPick }: { onPick: (id: TemplateId) => void }) {
  return (
    <ul className="grid gap-2 sm:grid-cols-2" aria-label="Templates" data-testid="template-picker">
      {templateIds.map((id, index) => (
        <li key={id}>
          <button
            type="button"
            onClick={() => onPick(id)}
            data-testid={`template-option-${id}`}
            {...(index === 0 ? { "data-autofocus": "" } : {})}
            className="flex h-full w-full flex-col gap-1 rounded-xl border border-neutral-200 p-3 text-left transition-colors hover:border-indigo-300 hover:bg-indigo-50/50 dark:border-neutral-700 dark:hover:border-indigo-500/50 dark:hover:bg-indigo-500/10"
          >
            <span className="flex items-center gap-2 text-sm font-medium [&_svg]:size-4 [&_svg]:text-indigo-600 dark:[&_svg]:text-indigo-400">
              <FileTextIcon /> {templates[id].name}
            </span>
            <span className="text-xs leading-5 text-neutral-600 dark:text-neutral-400">{templates[id].description}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
