import Link from "next/link";

/** A missing document, or one that belongs to someone else (the same answer, on purpose). */
export default function DocumentNotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 bg-neutral-50 p-6 text-center dark:bg-neutral-950">
      <h1 className="text-xl font-semibold tracking-tight">This document doesn’t exist</h1>
      <p className="max-w-sm text-sm leading-6 text-neutral-600 dark:text-neutral-400">
        It may have been deleted forever, or the link is wrong. Your documents are all in one list.
      </p>
      <Link
        href="/documents"
        className="rounded-lg bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500"
        data-testid="not-found-documents-link"
      >
        Go to your documents
      </Link>
    </main>
  );
}
