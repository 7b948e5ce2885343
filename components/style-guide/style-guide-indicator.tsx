"use client";

import type { StyleGuideSource } from "@/hooks/use-style-guide";
import { Button } from "@/components/ui/button";
import { StyleGuideIcon } from "@/components/ui/icons";
import { cn } from "@/lib/utils";

interface StyleGuideIndicatorProps {
  source: StyleGuideSource;
  /** Whether a guide applies (a default that is empty is none). */
  applies: boolean;
  onOpen: () => void;
}

/** In the studio's header: whether a style guide applies to the document, and the way to its panel. */
export function StyleGuideIndicator({ source, applies, onOpen }: StyleGuideIndicatorProps) {
  const state = !applies ? "No style guide" : source === "own" ? "Style guide: this document's own" : "Style guide: your default";
  return (
    <Button
      size="sm"
      variant="ghost"
      onClick={onOpen}
      aria-label={`${state}. Open the style guide`}
      title={state}
      data-testid="style-guide-indicator"
      data-applies={applies}
      data-source={source}
    >
      <span className="relative">
        <StyleGuideIcon />
        <span
          aria-hidden="true"
          className={cn(
            "absolute -top-0.5 -right-0.5 size-1.5 rounded-full ring-2 ring-white dark:ring-neutral-950",
            applies ? "bg-indigo-500" : "hidden",
          )}
        />
      </span>
      <span className="sr-only xl:not-sr-only">Style</span>
    </Button>
  );
}
