"use client";

import { useId, useState } from "react";
import { limits } from "@/lib/contracts/limits";
import { untitled } from "@/lib/documents/title";
import { cn } from "@/lib/utils";

interface DocumentTitleInputProps {
  /** The writer's own title; "" while the title is automatic. */
  value: string;
  /** The title the document gives itself (its opening heading or first line). */
  automatic: string;
  onChange: (title: string) => void;
}

/**
 * The document's name, edited in place and saved with the document. While the writer has named
 * nothing it shows the automatic title, lighter; typing makes the title the writer's, clearing it
 * makes it automatic again. Enter goes back to the text.
 */
export function DocumentTitleInput({ value, automatic, onChange }: DocumentTitleInputProps) {
  const hintId = useId();
  // While focused, the field holds exactly what was typed (it may be empty); otherwise it shows the title.
  const [editing, setEditing] = useState<string | null>(null);
  const isAutomatic = value.trim() === "";
  const shown = editing ?? (isAutomatic ? automatic || untitled : value);
  return (
    <>
      <input
        type="text"
        aria-label="Document title"
        aria-describedby={hintId}
        placeholder={automatic || untitled}
        value={shown}
        maxLength={limits.titleChars}
        title={isAutomatic ? "Follows the document's first heading until you name it" : undefined}
        onFocus={() => setEditing(shown)}
        onBlur={() => setEditing(null)}
        onChange={(event) => {
          setEditing(event.target.value);
          onChange(event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key !== "Enter" && event.key !== "Escape") return;
          event.preventDefault();
          document.querySelector<HTMLElement>('[data-testid="editor"] [contenteditable="true"]')?.focus();
        }}
        data-testid="document-title"
        data-title-source={isAutomatic ? "automatic" : "writer"}
        className={cn(
          "h-8 w-full min-w-0 max-w-md flex-1 truncate rounded-lg border border-transparent bg-transparent px-2 text-[15px] font-semibold tracking-tight outline-none placeholder:text-neutral-400 hover:border-neutral-200 focus:border-indigo-400 focus:bg-white dark:placeholder:text-neutral-500 dark:hover:border-neutral-700 dark:focus:border-indigo-500/70 dark:focus:bg-neutral-900",
          isAutomatic && "text-neutral-500 dark:text-neutral-400",
        )}
      />
      <span id={hintId} className="sr-only">
        {isAutomatic ? "The title follows the document's first heading; type to name it yourself." : "Clear the title to let it follow the document again."}
      </span>
    </>
  );
}
