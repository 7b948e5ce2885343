import type { ReactNode } from "react";
import { FileTextIcon, TrashIcon } from "@/components/ui/icons";

interface DocumentsEmptyProps {
  trash: boolean;
  query: string;
  /** The "New document" button, offered when there is nothing yet. */
  action: ReactNode;
}

/** What an empty list means: nothing yet, nothing found, or an empty trash. */
export function DocumentsEmpty({ trash, query, action }: DocumentsEmptyProps) {
  const [title, text] = query
    ? [`Nothing matches “${query}”`, trash ? "No document in the trash has this in its title or text." : "No document has this in its title or text."]
    : trash
      ? ["The trash is empty", "Documents you move to the trash wait here until you restore them or delete them forever."]
      : ["No documents yet", "Start one: it is saved as you write, and every version is kept."];
  return (
    <div data-testid="documents-empty" className="flex flex-col items-center gap-3 px-6 py-14 text-center">
      <span className="grid size-10 place-items-center rounded-full bg-neutral-100 text-neutral-500 dark:bg-neutral-800 dark:text-neutral-400 [&_svg]:size-5">
        {trash ? <TrashIcon /> : <FileTextIcon />}
      </span>
      <div className="flex flex-col gap-1">
        <p className="text-sm font-medium">{title}</p>
        <p className="max-w-sm text-sm text-neutral-600 dark:text-neutral-400">{text}</p>
      </div>
      {!trash && !query ? action : null}
    </div>
  );
}
