"use client";

import { useCopyToClipboard } from "@/hooks/use-copy-to-clipboard";
import { Button } from "@/components/ui/button";
import { CheckIcon, CopyIcon } from "@/components/ui/icons";

/** Copies a message's Markdown; the label confirms it. */
export function CopyButton({ text }: { text: string }) {
  const { copied, failed, copy } = useCopyToClipboard();
  return (
    <Button variant="ghost" size="sm" onClick={() => void copy(text)} data-testid="chat-copy" aria-live="polite">
      {copied ? <CheckIcon className="text-emerald-600 dark:text-emerald-400" /> : <CopyIcon />}
      {copied ? "Copied" : failed ? "Copy failed" : "Copy"}
    </Button>
  );
}
