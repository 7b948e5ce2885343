"use client";

import type { AuthorshipShare } from "@/lib/editor/authorship/share";
import { formatAiShare } from "@/lib/editor/authorship/share";
import { Button } from "@/components/ui/button";
import { SparklesIcon } from "@/components/ui/icons";
import { cn } from "@/lib/utils";

interface AuthorshipToggleProps {
  on: boolean;
  onToggle: () => void;
  share: AuthorshipShare | null;
}

/** "Show AI text", with the share of the document the AI wrote (by words) beside it. */
export function AuthorshipToggle({ on, onToggle, share }: AuthorshipToggleProps) {
  const shareText = share ? formatAiShare(share) : null;
  return (
    <Button
      size="sm"
      variant="ghost"
      aria-pressed={on}
      onClick={onToggle}
      data-testid="authorship-toggle"
      title={on ? "Hide the AI text highlight" : "Show AI text: highlight what the AI wrote (hover it for its record)"}
      className={cn("px-2", on && "bg-violet-100 text-violet-900 hover:bg-violet-200 dark:bg-violet-500/20 dark:text-violet-100 dark:hover:bg-violet-500/30")}
    >
      <SparklesIcon />
      <span className="sr-only">Show AI text</span>
      {shareText ? (
        <span data-testid="ai-share" data-share={share ? Math.round(share.aiShare * 100) : undefined} className="tabular-nums">
          <span aria-hidden="true" className="sm:hidden">
            {shareText.replace(" AI-written", " AI")}
          </span>
          <span className="max-sm:sr-only">{shareText}</span>
        </span>
      ) : null}
    </Button>
  );
}

/** The two shades: as the AI wrote it, and edited since (dotted underline too, not colour alone). */
export const authorshipStyles = cn(
  "[&.dw-show-ai_span[data-authorship]]:rounded-sm [&.dw-show-ai_span[data-authorship]]:box-decoration-clone",
  "[&.dw-show-ai_span[data-origin=ai]]:bg-violet-200/70 dark:[&.dw-show-ai_span[data-origin=ai]]:bg-violet-400/30",
  "[&.dw-show-ai_span[data-origin=edited]]:bg-violet-100/60 [&.dw-show-ai_span[data-origin=edited]]:underline [&.dw-show-ai_span[data-origin=edited]]:decoration-violet-400 [&.dw-show-ai_span[data-origin=edited]]:decoration-dotted [&.dw-show-ai_span[data-origin=edited]]:underline-offset-4",
  "dark:[&.dw-show-ai_span[data-origin=edited]]:bg-violet-400/10 dark:[&.dw-show-ai_span[data-origin=edited]]:decoration-violet-300",
);
