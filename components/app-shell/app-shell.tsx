import type { ReactNode } from "react";
import Link from "next/link";
import { AccountMenu, type AccountMenuAccount } from "@/components/account/account-menu";
import { cn } from "@/lib/utils";
import { BrandLink } from "./brand-link";
import { GuestBanner } from "./guest-banner";

type AppSection = "documents" | "usage" | "jobs" | "settings";

const sections: { id: AppSection; label: string; href: string }[] = [
  { id: "documents", label: "Documents", href: "/documents" },
  { id: "usage", label: "Usage", href: "/usage" },
  { id: "jobs", label: "Jobs", href: "/jobs" },
  { id: "settings", label: "Settings", href: "/settings" },
];

interface AppShellProps {
  account: AccountMenuAccount;
  current: AppSection;
  children: ReactNode;
}

/** The frame of the pages around the studio: a header (name, sections, account menu) and the page. */
export function AppShell({ account, current, children }: AppShellProps) {
  return (
    <div className="flex min-h-dvh flex-col bg-neutral-50 dark:bg-neutral-950">
      <header className="flex h-14 shrink-0 items-center gap-3 border-b border-neutral-200 bg-white px-3 sm:px-4 dark:border-neutral-800 dark:bg-neutral-950">
        <BrandLink />
        <nav aria-label="Sections" className="ml-2 hidden items-center gap-1 sm:flex">
          {sections.map((section) => (
            <Link
              key={section.id}
              href={section.href}
              aria-current={section.id === current ? "page" : undefined}
              className={cn(
                "rounded-lg px-2.5 py-1.5 text-[13px] font-medium transition-colors",
                section.id === current
                  ? "bg-neutral-100 text-neutral-900 dark:bg-neutral-800 dark:text-neutral-100"
                  : "text-neutral-600 hover:bg-neutral-100 hover:text-neutral-900 dark:text-neutral-400 dark:hover:bg-neutral-800 dark:hover:text-neutral-100",
              )}
            >
              {section.label}
            </Link>
          ))}
        </nav>
        {/* Only what the menu shows crosses to the browser. */}
        <AccountMenu account={{ email: account.email, name: account.name, is_guest: account.is_guest }} className="ml-auto" />
      </header>
      {account.is_guest ? <GuestBanner /> : null}
      <main className="mx-auto flex w-full max-w-4xl flex-1 flex-col gap-6 px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
