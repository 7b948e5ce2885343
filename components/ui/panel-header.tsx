import type { ReactNode } from "react";
import { IconButton } from "./icon-button";
import { CloseIcon } from "./icons";

interface PanelHeaderProps {
  title: string;
  actions?: ReactNode;
  /** Shown on small screens, where the panel is a drawer. */
  onClose?: () => void;
}

export function PanelHeader({ title, actions, onClose }: PanelHeaderProps) {
  return (
    <div className="flex h-12 shrink-0 items-center gap-1 border-b border-neutral-200 pr-2 pl-4 dark:border-neutral-800">
      <h2 className="flex-1 text-sm font-semibold">{title}</h2>
      {actions}
      {onClose ? (
        <IconButton size="sm" label={`Close ${title.toLowerCase()}`} onClick={onClose} className="xl:hidden">
          <CloseIcon />
        </IconButton>
      ) : null}
    </div>
  );
}
