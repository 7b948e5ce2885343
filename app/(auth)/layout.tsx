import type { ReactNode } from "react";
import { BrandLink } from "@/components/app-shell/brand-link";

/** Sign-in and sign-up: one narrow card in the middle of the page. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center bg-neutral-50 px-4 py-10 sm:py-16 dark:bg-neutral-950">
      <BrandLink />
      <main className="mt-8 flex w-full max-w-sm flex-col gap-6 rounded-2xl border border-neutral-200 bg-white p-6 shadow-sm sm:p-8 dark:border-neutral-800 dark:bg-neutral-900">
        {children}
      </main>
    </div>
  );
}
