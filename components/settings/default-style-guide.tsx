"use client";

import { useState } from "react";
import type { StyleGuide } from "@/lib/contracts/style-guide";
import { updateAccount } from "@/lib/client/api/account";
import { StyleGuideForm } from "@/components/style-guide/style-guide-form";

/** The account's default style guide: what every document without its own follows. */
export function DefaultStyleGuide({ initial }: { initial: StyleGuide | null }) {
  const [saved, setSaved] = useState(initial);
  const save = async (guide: StyleGuide) => {
    const result = await updateAccount({ style_guide: guide });
    if (!result.ok) return result.error.message;
    setSaved(result.data.account.style_guide);
  };
  return (
    <div className="flex max-w-2xl flex-col gap-3">
      <p className="text-[13px] leading-relaxed text-neutral-600 dark:text-neutral-400">
        How the AI writes in every document that has no style guide of its own: its actions, chat answers, outlines, drafts and
        templates. A document can customize it, or use none, in its Style guide panel.
      </p>
      <StyleGuideForm saved={saved} onSave={save} testId="default-style-guide-form" />
    </div>
  );
}
