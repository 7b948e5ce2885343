/** A rectangle in viewport coordinates. */
export interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

const gap = 6;
const margin = 8;

/**
 * Where a card about a range of text goes: below the range when it fits in the visible area, else above
 * it, else as low as fits; from the range's left edge, moved in to fit. It stays inside `area` (the
 * editor's scroll view), so it doesn't cover the panels around the editor (variants, review bar, chat).
 */
export function placeCard({ range, size, area }: { range: Omit<Box, "right">; size: { width: number; height: number }; area: Box }): {
  top: number;
  left: number;
} {
  const below = range.bottom + gap;
  const above = range.top - gap - size.height;
  const top =
    below + size.height <= area.bottom ? below : above >= area.top ? above : Math.max(area.top, area.bottom - size.height);
  const left = Math.max(area.left + margin, Math.min(range.left, area.right - size.width - margin));
  return { top, left };
}
