import { studioColumns } from "./studio-columns";

/** What shows while the studio's code loads (it renders only in the browser). */
export function StudioSkeleton() {
  const block = "rounded-xl border border-neutral-200 bg-white dark:border-neutral-800 dark:bg-neutral-900";
  return (
    <div className="flex h-dvh flex-col bg-neutral-50 dark:bg-neutral-950" aria-busy="true">
      <header className="flex h-14 shrink-0 items-center gap-2.5 border-b border-neutral-200 bg-white px-4 dark:border-neutral-800 dark:bg-neutral-950">
        <span className="size-8 rounded-lg bg-indigo-600" />
        <span className="text-[15px] font-semibold tracking-tight">Draftwise</span>
      </header>
      <div className={`grid min-h-0 flex-1 grid-cols-1 gap-4 p-4 ${studioColumns}`}>
        <div className={`${block} hidden xl:block`} />
        <div className={`${block} animate-pulse`}>
          <p className="sr-only">Loading the studio…</p>
        </div>
        <div className={`${block} hidden xl:block`} />
      </div>
    </div>
  );
}
