"use client";

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { limits } from "@/lib/contracts/limits";
import { writeActionLabels } from "@/lib/contracts/write";
import type { ModelInfo } from "@/lib/ai/models";
import type { WriteChoice } from "@/lib/client/editor/write-choice";
import type { VariantOptions } from "@/lib/client/editor/variant-options";
import { insertLabels, type InsertKind } from "@/hooks/use-tracked-edits";
import { useOutsidePointer } from "@/hooks/use-outside-pointer";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Menu, popoverClasses, type MenuCloseReason, type MenuItem } from "@/components/ui/menu";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/utils";
import { VariantOptionsForm } from "./variant-options-form";

export interface PopoverAnchor {
  top: number;
  left: number;
}

/** What the writer chose: a rewrite (of the selection, the section or the whole document) or an insertion. */
export type MenuChoice = { type: "edit"; choice: WriteChoice; scope?: Scope } | { type: "insert"; kind: InsertKind };
export type Scope = "section" | "document";

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
  /** How many variants the rewrites ask for, and what that costs for the selection or a scope (null: nothing to estimate). */
  variants?: { options: VariantOptions; onChange: (options: VariantOptions) => void; models: readonly ModelInfo[]; model: string | undefined; estimate: (options: VariantOptions, scope?: Scope) => string | null };
}

/** The "AI actions" menu; "Change tone", "Custom instruction" and the section / document edits ask one more question first. */
export function AiActionsPopover({ anchor, hasSelection, onChoose, onClose, variants }: AiActionsPopoverProps) {
  const [step, setStep] = useState<"actions" | "tone" | "custom" | "variants" | Scope>("actions");
  const count = variants?.options.count ?? 1;
  const costOf = (scope?: Scope) => (variants && count > 1 ? variants.estimate(variants.options, scope) : null);

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
  // The rewrites (and the section / document edits) ask for this many variants; the insertions one answer.
  const variantItems: MenuItem[] = variants
    ? [
        {
          id: "variants",
          label: count > 1 ? `Variants: ${count}` : "Variants: off",
          testId: "ai-action-variants",
          trailing: "›",
          ...(costOf() ? { description: costOf()! } : {}),
          onSelect: () => setStep("variants"),
        },
      ]
    : [];
  const items = hasSelection ? [...rewriteItems, ...variantItems, ...insertItems, ...scopeItems] : [...insertItems, ...rewriteItems, ...variantItems, ...scopeItems];
  const instructed = (scope?: Scope) => (instruction: string) => onChoose({ type: "edit", choice: { action: "custom", instruction }, ...(scope ? { scope } : {}) });

  return (
    <div className="fixed z-50" style={{ top: anchor.top, left: anchor.left }}>
      {step === "actions" ? (
        <Menu label="AI actions" testId="ai-actions-menu" items={items} onClose={onClose} isInside={isActionsTrigger} />
      ) : step === "tone" ? (
        <TonePicker onChoose={(tone) => onChoose({ type: "edit", choice: { action: "tone", tone } })} onClose={onClose} />
      ) : step === "custom" ? (
        <InstructionForm label="Custom instruction" note={costOf()} onChoose={instructed()} onClose={onClose} />
      ) : step === "variants" && variants ? (
        <VariantOptionsForm
          options={variants.options}
          onChange={variants.onChange}
          models={variants.models}
          model={variants.model}
          estimate={costOf()}
          onDone={() => setStep("actions")}
          onClose={onClose}
          isInside={isActionsTrigger}
        />
      ) : step === "section" || step === "document" ? (
        <InstructionForm label={scopeLabels[step].replace("…", "")} note={costOf(step)} onChoose={instructed(step)} onClose={onClose} />
      ) : null}
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

/** `note`: the variants' cost estimate, when asking for several. */
function InstructionForm({ label, note, onChoose, onClose }: StepProps<string> & { label: string; note?: string | null }) {
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
        {note ? (
          <p data-testid="variants-cost" className="text-xs text-neutral-600 dark:text-neutral-400">
            {note}
          </p>
        ) : null}
        <Button type="submit" variant="primary" disabled={!instruction.trim()} data-testid="ai-instruction-submit" className="self-end">
          Run
        </Button>
      </form>
    </div>
  );
}
