"use client";

import type { EditableOutline, EditableSection } from "@/lib/client/outline";
import type { SectionState } from "@/lib/editor/outline-drafting";
import { limits } from "@/lib/contracts/limits";
import { Button } from "@/components/ui/button";
import { PlusIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { OutlineSectionCard } from "./outline-section-card";

interface OutlineEditorProps {
  outline: EditableOutline;
  onChange: (change: (outline: EditableOutline) => EditableOutline) => void;
  /** Where each section stands (drafted, being written, locked…). */
  stateOf: (section: EditableSection) => SectionState;
  /** A section moved past `other` (up: -1, down: 1), for offering to move its text too. */
  onMoved: (section: EditableSection, other: EditableSection, direction: -1 | 1) => void;
  onToggleLock: (section: EditableSection) => void;
  /** Redrafts a section's text in the document; absent while that can't be done. */
  onRedraft?: (section: EditableSection) => void;
  /** Drafts from this section on; absent while that can't be done. */
  onDraftFromHere?: (section: EditableSection) => void;
  /** A section's heading was renamed here (its text's heading follows). */
  onRenamed?: (from: string, to: string) => void;
}

/** Focus follows a section that moved (React may re-insert its node, which drops focus). */
function refocus(selector: string, fallback?: string) {
  requestAnimationFrame(() => {
    const target = document.querySelector<HTMLElement>(selector);
    if (target && !(target as HTMLButtonElement).disabled) target.focus();
    else if (fallback) document.querySelector<HTMLElement>(fallback)?.focus();
  });
}

/** The outline after generation: every part editable, sections reorderable. */
export function OutlineEditor({ outline, onChange, stateOf, onMoved, onToggleLock, onRedraft, onDraftFromHere, onRenamed }: OutlineEditorProps) {
  const { sections } = outline;

  const setSection = (next: EditableSection) =>
    onChange((o) => ({ ...o, sections: o.sections.map((s) => (s.id === next.id ? next : s)) }));

  const move = (id: string, direction: -1 | 1) => {
    const at = sections.findIndex((s) => s.id === id);
    const passed = sections[at + direction];
    if (at >= 0 && passed) onMoved(sections[at]!, passed, direction);
    onChange((o) => {
      const from = o.sections.findIndex((s) => s.id === id);
      const to = from + direction;
      if (from < 0 || to < 0 || to >= o.sections.length) return o;
      const reordered = [...o.sections];
      [reordered[from], reordered[to]] = [reordered[to]!, reordered[from]!];
      return { ...o, sections: reordered };
    });
    const label = direction < 0 ? "Move section up" : "Move section down";
    const other = direction < 0 ? "Move section down" : "Move section up";
    refocus(`[data-section-id="${id}"] [aria-label="${label}"]`, `[data-section-id="${id}"] [aria-label="${other}"]`);
  };

  const remove = (id: string) => {
    const index = sections.findIndex((s) => s.id === id);
    const neighbour = sections[index + 1] ?? sections[index - 1];
    onChange((o) => ({ ...o, sections: o.sections.filter((s) => s.id !== id) }));
    refocus(neighbour ? `[data-section-heading="${neighbour.id}"]` : "[data-testid='outline-add-section']");
  };

  const add = () => {
    const id = crypto.randomUUID();
    onChange((o) => ({ ...o, sections: [...o.sections, { id, heading: "", keyPoints: [], drafted: false, locked: false }] }));
    refocus(`[data-section-heading="${id}"]`);
  };

  return (
    <div className="flex flex-col gap-3" data-testid="outline-editor">
      <Input
        label="Article title"
        value={outline.title}
        maxLength={limits.headingChars}
        placeholder="Title"
        onChange={(e) => onChange((o) => ({ ...o, title: e.target.value }))}
        className="font-semibold"
        data-testid="outline-title"
      />
      <ol aria-label="Sections" className="flex flex-col gap-2">
        {sections.map((section, index) => (
          <OutlineSectionCard
            key={section.id}
            section={section}
            index={index}
            count={sections.length}
            onChange={setSection}
            onMove={(direction) => move(section.id, direction)}
            onDelete={() => remove(section.id)}
            state={stateOf(section)}
            onToggleLock={() => onToggleLock(section)}
            onRedraft={onRedraft ? () => onRedraft(section) : undefined}
            onDraftFromHere={onDraftFromHere ? () => onDraftFromHere(section) : undefined}
            onRenamed={onRenamed}
          />
        ))}
      </ol>
      <Button variant="ghost" size="sm" onClick={add} className="self-start" data-testid="outline-add-section">
        <PlusIcon /> Add section
      </Button>
    </div>
  );
}
