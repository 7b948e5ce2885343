"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { CreatedApiKeyJson } from "@/lib/contracts/api-keys";
import { StudioDialog } from "@/components/studio/studio-dialog";
import { Button } from "@/components/ui/button";
import { CheckIcon, CopyIcon } from "@/components/ui/icons";

/** A shell command that proves the key works, against this deployment. */
function exampleCurl(origin: string, key: string): string {
  return [
    `curl ${origin}/api/v1/chat \\`,
    `  -H "Authorization: Bearer ${key}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"messages":[{"role":"user","content":"Write a haiku about drafts."}]}'`,
  ].join("\n");
}

/**
 * The new key's secret, shown this once. Closing the dialog unmounts it and the caller drops
 * it, so it is nowhere on the page afterwards.
 */
export function NewApiKeyDialog({ created, onClose }: { created: CreatedApiKeyJson | null; onClose: () => void }) {
  const titleId = useId();
  const descriptionId = useId();
  return (
    <StudioDialog open={created !== null} onClose={onClose} dismissible labelledBy={titleId} describedBy={descriptionId} testId="api-key-secret-dialog">
      {created ? <NewApiKeySecret created={created} titleId={titleId} descriptionId={descriptionId} onDone={onClose} /> : null}
    </StudioDialog>
  );
}

interface CopyableTextProps {
  label: string;
  text: string;
  multiline?: boolean;
  testId: string;
  /** The dialog's first focus: copying is what to do first. */
  autoFocus?: boolean;
}

function CopyableText({ label, text, multiline, testId, autoFocus }: CopyableTextProps) {
  const [copy, setCopy] = useState<"idle" | "copied" | "selected">("idle");
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const timer = useRef<number | undefined>(undefined);
  const inputId = useId();

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const onCopy = async () => {
    window.clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(text);
      setCopy("copied");
      timer.current = window.setTimeout(() => setCopy("idle"), 2000);
    } catch {
      // No clipboard access (an insecure origin, a denied permission): select it for Ctrl+C instead.
      ref.current?.focus();
      ref.current?.select();
      setCopy("selected");
    }
  };
  const copied = copy === "copied";

  const controlClasses =
    "w-full min-w-0 rounded-lg border border-neutral-200 bg-neutral-50 px-3 font-mono text-xs text-neutral-900 dark:border-neutral-700 dark:bg-neutral-950 dark:text-neutral-100";
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={inputId} className="text-xs font-medium text-neutral-600 dark:text-neutral-400">
        {label}
      </label>
      <div className="flex items-start gap-2">
        {multiline ? (
          <textarea
            ref={ref}
            id={inputId}
            readOnly
            value={text}
            spellCheck={false}
            onFocus={(event) => event.currentTarget.select()}
            className={`${controlClasses} field-sizing-content resize-none py-2 leading-5 break-all whitespace-pre-wrap`}
            data-testid={testId}
          />
        ) : (
          <input
            ref={ref}
            id={inputId}
            readOnly
            value={text}
            spellCheck={false}
            onFocus={(event) => event.currentTarget.select()}
            className={`${controlClasses} h-9`}
            data-testid={testId}
          />
        )}
        <Button
          onClick={() => void onCopy()}
          aria-label={`Copy ${label.toLowerCase()}`}
          data-testid={`${testId}-copy`}
          {...(autoFocus ? { "data-autofocus": "" } : {})}
        >
          {copied ? <CheckIcon /> : <CopyIcon />}
          <span aria-live="polite">{copied ? "Copied" : "Copy"}</span>
        </Button>
      </div>
      {copy === "selected" ? (
        <p className="text-xs text-neutral-600 dark:text-neutral-400" role="status">
          Copying isn&apos;t allowed here: the text is selected, press Ctrl+C (⌘C on a Mac).
        </p>
      ) : null}
    </div>
  );
}

function NewApiKeySecret({ created, titleId, descriptionId, onDone }: { created: CreatedApiKeyJson; titleId: string; descriptionId: string; onDone: () => void }) {
  return (
    <div className="flex max-h-[inherit] flex-col gap-4 overflow-y-auto p-5">
      <div className="flex flex-col gap-1.5">
        <h2 id={titleId} className="text-base font-semibold">
          Copy your new key “{created.name}”
        </h2>
        <p id={descriptionId} className="text-sm leading-6 text-neutral-600 dark:text-neutral-400" data-testid="api-key-secret-warning">
          <strong className="font-semibold text-neutral-900 dark:text-neutral-100">You won&apos;t see it again.</strong> Draftwise keeps
          only a fingerprint of the key, so store it now, somewhere safe like a password manager. Lost it? Revoke it and create another.
        </p>
      </div>
      <CopyableText label="API key" text={created.key} testId="api-key-secret" autoFocus />
      <CopyableText label="Example request" text={exampleCurl(window.location.origin, created.key)} multiline testId="api-key-curl" />
      <div className="flex justify-end">
        <Button variant="primary" onClick={onDone} data-testid="api-key-secret-done">
          I&apos;ve stored the key
        </Button>
      </div>
    </div>
  );
}
