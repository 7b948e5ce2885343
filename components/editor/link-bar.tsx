"use client";

import { useState, type FormEvent } from "react";
import type { Editor } from "@tiptap/react";
import { linkTarget } from "@/lib/editor/links";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/field";
import { IconButton } from "@/components/ui/icon-button";
import { CloseIcon } from "@/components/ui/icons";
import { cn } from "@/lib/utils";

/** Shown when an address is refused: the rule the server applies too. */
export const refusedLinkMessage = "Only web (http, https) and email (mailto) links can be added.";

/**
 * Adds, changes or removes the link on the selection (Ctrl/⌘+K). Only safe addresses are taken
 * (lib/editor/links.ts); with nothing selected the address goes in as its own linked text.
 */
export function LinkBar({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const current = editor.getAttributes("link").href as string | undefined;
  const [address, setAddress] = useState(current ?? "");
  const [refused, setRefused] = useState(false);

  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const href = linkTarget(address);
    if (!href) return setRefused(true);
    const chain = editor.chain().focus().extendMarkRange("link");
    if (editor.state.selection.empty && !current) chain.insertContent({ type: "text", text: address.trim(), marks: [{ type: "link", attrs: { href } }] }).run();
    else chain.setLink({ href }).run();
    onClose();
  };

  const remove = () => {
    editor.chain().focus().extendMarkRange("link").unsetLink().run();
    onClose();
  };

  return (
    <form
      aria-label="Link"
      data-testid="link-bar"
      onSubmit={apply}
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        event.preventDefault();
        close();
      }}
      className="flex shrink-0 flex-wrap items-center gap-1 border-b border-neutral-200 px-2 py-1.5 sm:px-3 dark:border-neutral-800"
    >
      <input
        aria-label="Link address"
        aria-invalid={refused || undefined}
        aria-describedby={refused ? "link-refused" : undefined}
        placeholder="https://example.com"
        autoFocus
        value={address}
        onChange={(event) => {
          setAddress(event.target.value);
          setRefused(false);
        }}
        className={cn(controlClasses, "h-8 min-w-0 flex-1 text-[13px]")}
        data-testid="link-input"
      />
      <Button size="sm" variant="primary" type="submit" data-testid="link-apply">
        {current ? "Update" : "Add link"}
      </Button>
      {current ? (
        <Button size="sm" variant="ghost" onClick={remove} data-testid="link-remove">
          Remove
        </Button>
      ) : null}
      <IconButton label="Cancel (Escape)" onClick={close}>
        <CloseIcon />
      </IconButton>
      {refused ? (
        <p id="link-refused" role="alert" className="basis-full text-xs text-red-700 dark:text-red-400" data-testid="link-refused">
          {refusedLinkMessage}
        </p>
      ) : null}
    </form>
  );
}
