"use client";

import { Button } from "@/components/ui/button";

/** After a section moved in the outline: offers to move its text in the document the same way (one undo step). */
export function MoveTextOffer({ heading, onMove, onDismiss }: { heading: string; onMove: () => void; onDismiss: () => void }) {
  return (
    <div role="status" data-testid="outline-move-offer" className="flex flex-col gap-2 rounded-lg bg-indigo-50 p-3 text-xs text-indigo-950 dark:bg-indigo-500/10 dark:text-indigo-100">
      <p>Move “{heading}” in the document too?</p>
      <div className="flex gap-2">
        <Button size="sm" variant="primary" onClick={onMove} data-testid="outline-move-text">
          Move its text
        </Button>
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          Not now
        </Button>
      </div>
    </div>
  );
}
