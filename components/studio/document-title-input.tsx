"use client";

import { limits } from "@/lib/contracts/limits";

interface DocumentTitleInputProps {
  value: string;
  onChange: (title: string) => void;
}

/** The document's name, edited in place and saved with the document. Enter goes back to the text. */
export function DocumentTitleInput({ value, onChange }: DocumentTitleInputProps) {
  return (
    <input
      type="text"
      aria-label="Document title"
      placeholder="Untitled"
      value={value}
      maxLength={limits.titleChars}
      onChange={(event) => onChange(event.target.value)}
      onKeyDown={(event) => {
        if (event.key !== "Enter" && event.key !== "Escape") return;
        event.preventDefault();
        document.querySelector<HTMLElement>('[data-testid="editor"] [contenteditable="true"]')?.focus();
      }}
      data-testid="document-title"
      className="h-8 w-full min-w-0 max-w-md flex-1 truncate rounded-lg border border-transparent bg-transparent px-2 text-[15px] font-semibold tracking-tight outline-none placeholder:text-neutral-400 hover:border-neutral-200 focus:border-indigo-400 focus:bg-white dark:placeholder:text-neutral-500 dark:hover:border-neutral-700 dark:focus:border-indigo-500/70 dark:focus:bg-neutral-900"
    />
  );
}
