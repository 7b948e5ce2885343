"use client";

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { limits } from "@/lib/contracts/limits";
import { writeActionLabels } from "@/lib/contracts/write";
import type { WriteChoice } from "@/lib/client/editor/write-choice";
import { insertLabels, type InsertKind } from "@/hooks/use-tracked-edits";
import { useOutsidePointer } from "@/hooks/use-outside-pointer";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Menu, popoverClasses, type MenuCloseReason, type MenuItem } from "@/components/ui/menu";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/utils";

export interface PopoverAnchor {
  top: number;
  left: number;
}

/** What the writer chose: a rewrite (of the selection, the section or the whole document) or an insertion. */
export type MenuChoice = { type: "edit"; choice: WriteChoice; scope?: Scope } | { type: "insert"; kind: InsertKind };
type Scope = "section" | "document";

const rewrites = ["improve", "shorter", "longer", "fix", "tone", "custom"] as const;
const inserts = ["continue", "below", "summarize"] as const;
const scopeLabels: Record<Scope, string> = { section: "Edit this section…", document: "Edit whole document…" };
const tones = ["Professional", "Friendly", "Confident", "Casual", "Persuasive", "Academic"];

/** Clicks on the toolbar button that toggles the menu are the button's business. */
const isActionsTrigger = (target: Element) => target.closest("[data-ai-actions-trigger]") !== null;

interface AiActionsPopoverProps {
  anchor: PopoverAnchor;
  /** With text selected the rewrites come first; with none, the insertions. */
  hasSelection: boolean;
  onChoose: (choice: MenuChoice) => void;
  onClose: (reason: MenuCloseReason) => void;
}

/** The "AI actions" menu; "Change tone", "Custom instruction" and the section / document edits ask one more question first. */
export function AiActionsPopover({ anchor, hasSelection, onChoose, onClose }: AiActionsPopoverProps) {
  const [step, setStep] = useState<"actions" | "tone" | "custom" | Scope>("actions");

  const rewriteItems: MenuItem[] = rewrites.map((action) => ({
    id: action,
    label: writeActionLabels[action],
    testId: `ai-action-${action}`,
    trailing: action === "tone" || action === "custom" ? "›" : undefined,
    onSelect: () => {
      if (action === "tone" || action === "custom") setStep(action);
      else onChoose({ type: "edit", choice: { action } });
    },
  }));
  const insertItems: MenuItem[] = inserts.map((kind) => ({
    id: kind,
    label: insertLabels[kind],
    testId: `ai-action-${kind}`,
    onSelect: () => onChoose({ type: "insert", kind }),
  }));
  const scopeItems: MenuItem[] = (["section", "document"] as const).map((scope) => ({
    id: scope,
    label: scopeLabels[scope],
    testId: `ai-action-${scope}`,
    trailing: "›",
    onSelect: () => setStep(scope),
  }));
  const items = hasSelection ? [...rewriteItems, ...insertItems, ...scopeItems] : [...insertItems, ...rewriteItems, ...scopeItems];
  const instructed = (scope?: Scope) => (instruction: string) => onChoose({ type: "edit", choice: { action: "custom", instruction }, ...(scope ? { scope } : {}) });

  return (
    <div className="fixed z-50" style={{ top: anchor.top, left: anchor.left }}>
      {step === "actions" ? (
        <Menu label="AI actions" testId="ai-actions-menu" items={items} onClose={onClose} isInside={isActionsTrigger} />
      ) : step === "tone" ? (
        <TonePicker onChoose={(tone) => onChoose({ type: "edit", choice: { action: "tone", tone } })} onClose={onClose} />
      ) : step === "custom" ? (
        <InstructionForm label="Custom instruction" onChoose={instructed()} onClose={onClose} />
      ) : (
        <InstructionForm label={scopeLabels[step].replace("…", "")} onChoose={instructed(step)} onClose={onClose} />
      )}
    </div>
  );
}

interface StepProps<T> {
  onChoose: (value: T) => void;
  onClose: (reason: MenuCloseReason) => void;
}

function useStepDismiss(onClose: (reason: MenuCloseReason) => void) {
  const ref = useRef<HTMLDivElement>(null);
  useOutsidePointer(ref, () => onClose("outside"), isActionsTrigger);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    event.stopPropagation();
    onClose("escape");
  };
  return { ref, onKeyDown };
}

function TonePicker({ onChoose, onClose }: StepProps<string>) {
  const { ref, onKeyDown } = useStepDismiss(onClose);
  const [custom, setCustom] = useState("");

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>("button")?.focus();
  }, [ref]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (custom.trim()) onChoose(custom.trim());
  };

  return (
    <div
      ref={ref}
      role="dialog"
      aria-label="Change tone"
      data-testid="ai-tone-picker"
      onKeyDown={onKeyDown}
      className={cn(popoverClasses, "flex w-72 flex-col gap-3 p-3")}
    >
      <p className="text-xs font-medium text-neutral-600 dark:text-neutral-400">Rewrite in a tone</p>
      <div className="flex flex-wrap gap-1.5">
        {tones.map((tone) => (
          <Button key={tone} size="sm" data-testid={`ai-tone-${tone.toLowerCase()}`} onClick={() => onChoose(tone.toLowerCase())}>
            {tone}
          </Button>
        ))}
      </div>
      <form onSubmit={submit} className="flex items-end gap-2">
        <Input
          label="Other tone"
          placeholder="e.g. warm but concise"
          value={custom}
          maxLength={limits.toneChars}
          onChange={(e) => setCustom(e.target.value)}
          wrapperClassName="flex-1"
          data-testid="ai-tone-input"
        />
        <Button type="submit" variant="primary" disabled={!custom.trim()} data-testid="ai-tone-apply">
          Apply
        </Button>
      </form>
    </div>
  );
}

function InstructionForm({ label, onChoose, onClose }: StepProps<string> & { label: string }) {
  const { ref, onKeyDown } = useStepDismiss(onClose);
  const [instruction, setInstruction] = useState("");

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (instruction.trim()) onChoose(instruction.trim());
  };

  return (
    <div
      ref={ref}
      role="dialog"
      aria-label={label}
      data-testid="ai-instruction"
      onKeyDown={onKeyDown}
      className={cn(popoverClasses, "w-80 p-3")}
    >
      <form onSubmit={submit} className="flex flex-col gap-3">
        <p className="text-xs font-medium text-neutral-600 dark:text-neutral-400">{label}</p>
        <Textarea
          label="Instruction"
          hint="Enter to run, Shift+Enter for a new line."
          placeholder="e.g. Turn this into a bulleted list"
          rows={3}
          maxLength={limits.instructionChars}
          autoFocus
          value={instruction}
          onChange={(e) => setInstruction(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey) {
              e.preventDefault();
              submit();
            }
          }}
          data-testid="ai-instruction-input"
        />
        <Button type="submit" variant="primary" disabled={!instruction.trim()} data-testid="ai-instruction-submit" className="self-end">
          Run
        </Button>
      </form>
    </div>
  );
}
