import type { ReactNode } from "react";

/** A page's heading and one line about it, with room for actions on the right. */
export function PageHeading({ title, description, actions }: { title: string; description?: string; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description ? <p className="text-sm text-neutral-600 dark:text-neutral-400">{description}</p> : null}
      </div>
      {actions}
    </div>
  );
}
