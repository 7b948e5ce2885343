"use client";

import type { ModelStatus } from "@/lib/ai/models";
import { Button } from "@/components/ui/button";
import { PlugIcon, RefreshIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { LocalModelSetup } from "./local-model-setup";

interface SetupNoticeProps {
  setup: ModelStatus["setup"];
  checking: boolean;
  onCheckAgain: () => void;
}

// Shown when the notice comes from a failed call and /api/status had no setup details.
const fallbackSetup = {
  message: "No language model is configured.",
  variables: ["OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_API_KEY"],
};

/** How to connect a model, for when none is configured; the rest of the studio keeps working. */
export function SetupNotice({ setup = fallbackSetup, checking, onCheckAgain }: SetupNoticeProps) {
  return (
    <div
      role="status"
      data-testid="setup-notice"
      className="mx-3 mt-3 flex max-h-[45dvh] flex-col gap-3 overflow-y-auto rounded-xl border border-amber-200 bg-amber-50 p-4 text-sm text-amber-950 sm:mx-4 sm:flex-row dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-100"
    >
      <PlugIcon className="size-5 shrink-0 text-amber-600 dark:text-amber-400" />
      <div className="flex min-w-0 flex-1 flex-col gap-2 leading-6">
        <h2 className="font-semibold">Connect a language model to use the AI features</h2>
        {/* The quickest way in, so first. Once its download is done, /api/status is read again: the local model is active and this notice goes. */}
        <LocalModelSetup onReady={onCheckAgain} />
        <p>{setup.message}</p>
        <p>
          Set one of these environment variables (for example in <code className="font-mono text-[0.85em]">.env.local</code>) and
          restart:{" "}
          {setup.variables.map((variable, i) => (
            <span key={variable}>
              {i > 0 ? ", " : null}
              <code className="rounded bg-amber-100 px-1 py-0.5 font-mono text-[0.85em] dark:bg-amber-500/20">{variable}</code>
            </span>
          ))}
          .
        </p>
        <p>
          An Ollama server on <code className="font-mono text-[0.85em]">127.0.0.1:11434</code> is used automatically when it is
          running. To try Draftwise without a model, run{" "}
          <code className="rounded bg-amber-100 px-1 py-0.5 font-mono text-[0.85em] dark:bg-amber-500/20">npm run dev:fake</code> for a
          scripted local model. You can keep writing meanwhile: your document is saved as you type.
        </p>
      </div>
      <Button size="sm" onClick={onCheckAgain} disabled={checking} className="self-start">
        {checking ? <Spinner /> : <RefreshIcon />} Check again
      </Button>
    </div>
  );
}
