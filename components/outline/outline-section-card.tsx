"use client";

import { useRef } from "react";
import type { EditableSection } from "@/lib/client/outline";
import type { SectionState } from "@/lib/editor/outline-drafting";
import { cn } from "@/lib/utils";
import { limits } from "@/lib/contracts/limits";
import { IconButton } from "@/components/ui/icon-button";
import { Button } from "@/components/ui/button";
import { ArrowDownIcon, ArrowUpIcon, FileTextIcon, LockIcon, PenIcon, TrashIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";

interface OutlineSectionCardProps {
  section: EditableSection;
  index: number;
  count: number;
  onChange: (section: EditableSection) => void;
  onMove: (direction: -1 | 1) => void;
  onDelete: () => void;
  state: SectionState;
  onToggleLock: () => void;
  /** "Draft from here": this section and the later ones not yet drafted. */
  onDraftFromHere?: () => void;
  /** "Redraft": the section's text in the document, rewritten from this heading and these points as tracked changes. */
  onRedraft?: () => void;
  /** The heading was edited (from what it read when the field took focus), once the field lets go of focus. */
  onRenamed?: (from: string, to: string) => void;
}

/** One editable section of the outline: heading, key points, and its place in the order. */
export function OutlineSectionCard({ section, index, count, onChange, onMove, onDelete, state, onToggleLock, onDraftFromHere, onRedraft, onRenamed }: OutlineSectionCardProps) {
  const drafting = state === "drafting";
  const headingAtFocus = useRef<string | null>(null);
  const headingLeft = () => {
    const from = headingAtFocus.current;
    headingAtFocus.current = null;
    if (from !== null && from !== section.heading) onRenamed?.(from, section.heading);
  };
  return (
    <li
      data-testid="outline-section"
      data-section-id={section.id}
      data-state={state}
      aria-busy={drafting || undefined}
      className={cn(
        "group flex flex-col gap-2 rounded-xl border border-neutral-200 bg-white p-3 transition-colors focus-within:border-indigo-300 dark:border-neutral-800 dark:bg-neutral-900 dark:focus-within:border-indigo-500/50",
        drafting && "border-indigo-400 ring-2 ring-indigo-100 dark:border-indigo-500/70 dark:ring-indigo-500/20",
      )}
    >
      <div className="flex items-center gap-1">
        <span className="grid size-6 shrink-0 place-items-center rounded-md bg-neutral-100 text-xs font-semibold text-neutral-600 dark:bg-neutral-800 dark:text-neutral-300">
          {index + 1}
        </span>
        <SectionStateBadge state={state} />
        <span className="flex-1" />
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
        onFocus={() => (headingAtFocus.current = section.heading)}
        onBlur={headingLeft}
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
      <div className="flex flex-wrap items-center gap-1">
        <Button
          variant="ghost"
          size="sm"
          onClick={onToggleLock}
          aria-pressed={section.locked}
          data-testid="outline-section-lock"
          title={section.locked ? "Let drafting write this section again" : "Keep this section's text as it is: drafting skips it"}
          className={cn(section.locked && "bg-amber-50 text-amber-800 dark:bg-amber-500/15 dark:text-amber-200")}
        >
          <LockIcon /> Lock
        </Button>
        {onRedraft && section.heading.trim() && !section.locked ? (
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
        {onDraftFromHere && state === "not-drafted" ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={onDraftFromHere}
            data-testid="outline-section-draft-from-here"
            title="Draft this section and the later ones not drafted yet"
          >
            <FileTextIcon /> Draft from here
          </Button>
        ) : null}
      </div>
    </li>
  );
}

const stateLabels: Record<SectionState, string> = {
  "not-drafted": "Not drafted",
  drafting: "Writing…",
  drafted: "Drafted",
  locked: "Locked",
};

/** Where the section stands, in a word. */
function SectionStateBadge({ state }: { state: SectionState }) {
  return (
    <span
      data-testid="outline-section-state"
      className={cn(
        "ml-1 inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-[11px] font-medium",
        state === "drafting" && "bg-indigo-50 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300",
        state === "drafted" && "bg-emerald-50 text-emerald-700 dark:bg-emerald-500/15 dark:text-emerald-300",
        state === "locked" && "bg-amber-50 text-amber-800 dark:bg-amber-500/15 dark:text-amber-200",
        state === "not-drafted" && "bg-neutral-100 text-neutral-600 dark:bg-neutral-800 dark:text-neutral-400",
      )}
    >
      {state === "drafting" ? <Spinner className="size-3" /> : null}
      {stateLabels[state]}
    </span>
  );
}
