"use client";

import type { EditableSection } from "@/lib/client/outline";
import { limits } from "@/lib/contracts/limits";
import { IconButton } from "@/components/ui/icon-button";
import { Button } from "@/components/ui/button";
import { ArrowDownIcon, ArrowUpIcon, PenIcon, TrashIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";

interface OutlineSectionCardProps {
  section: EditableSection;
  index: number;
  count: number;
  onChange: (section: EditableSection) => void;
  onMove: (direction: -1 | 1) => void;
  onDelete: () => void;
  /** "Redraft": the section's text in the document, rewritten from this heading and these points as tracked changes. */
  onRedraft?: () => void;
}

/** One editable section of the outline: heading, key points, and its place in the order. */
export function OutlineSectionCard({ section, index, count, onChange, onMove, onDelete, onRedraft }: OutlineSectionCardProps) {
  return (
    <li
      data-testid="outline-section"
      data-section-id={section.id}
      className="group flex flex-col gap-2 rounded-xl border border-neutral-200 bg-white p-3 transition-colors focus-within:border-indigo-300 dark:border-neutral-800 dark:bg-neutral-900 dark:focus-within:border-indigo-500/50"
    >
      <div className="flex items-center gap-1">
        <span className="grid size-6 shrink-0 place-items-center rounded-md bg-neutral-100 text-xs font-semibold text-neutral-600 dark:bg-neutral-800 dark:text-neutral-300">
          {index + 1}
        </span>
        <span className="flex-1" />
        {onRedraft && section.heading.trim() ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={onRedraft}
            data-testid="outline-section-redraft"
            title="Rewrite this section of the document from the outline, as changes to review"
          >
            <PenIcon /> Redraft
          </Button>
        ) : null}
        <IconButton size="sm" label="Move section up" disabled={index === 0} onClick={() => onMove(-1)}>
          <ArrowUpIcon />
        </IconButton>
        <IconButton size="sm" label="Move section down" disabled={index === count - 1} onClick={() => onMove(1)}>
          <ArrowDownIcon />
        </IconButton>
        <IconButton size="sm" label="Delete section" onClick={onDelete} className="hover:text-red-600 dark:hover:text-red-400">
          <TrashIcon />
        </IconButton>
      </div>
      <Input
        label={`Section ${index + 1} heading`}
        hideLabel
        placeholder="Section heading"
        value={section.heading}
        maxLength={limits.headingChars}
        onChange={(e) => onChange({ ...section, heading: e.target.value })}
        className="font-medium"
        data-testid="outline-section-heading"
        data-section-heading={section.id}
      />
      <Textarea
        label={`Section ${index + 1} key points, one per line`}
        hideLabel
        placeholder="Key points, one per line"
        rows={Math.min(6, Math.max(2, section.keyPoints.length))}
        value={section.keyPoints.join("\n")}
        onChange={(e) => onChange({ ...section, keyPoints: e.target.value.split("\n") })}
        className="text-[13px]"
        data-testid="outline-section-points"
      />
    </li>
  );
}
