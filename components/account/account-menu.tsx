"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { usePathname, useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import type { AccountJson } from "@/lib/contracts/account";
import { fetchAccount } from "@/lib/client/api/account";
import { Menu, type MenuCloseReason, type MenuItem } from "@/components/ui/menu";
import { cn } from "@/lib/utils";

export type AccountMenuAccount = Pick<AccountJson, "email" | "name" | "is_guest">;

interface AccountMenuProps {
  /**
   * The signed-in account. Server-rendered pages pass it (they have it from `currentUser()`), so
   * the menu is right on first paint; without it the menu loads `GET /api/account` itself.
   */
  account?: AccountMenuAccount;
  className?: string;
}

const isMenuTrigger = (target: Element) => target.closest("[data-account-menu-trigger]") !== null;

/** Who is signed in, behind a button: "Guest", or the name or email of the account. */
function accountLabel(account: AccountMenuAccount | undefined): string {
  if (!account) return "Account";
  if (account.is_guest) return "Guest";
  return account.name?.trim() || account.email || "Account";
}

function useAccount(given: AccountMenuAccount | undefined): AccountMenuAccount | undefined {
  const [loaded, setLoaded] = useState<AccountMenuAccount>();
  useEffect(() => {
    if (given) return;
    const controller = new AbortController();
    void fetchAccount(controller.signal).then((result) => {
      if (result.ok && !controller.signal.aborted) setLoaded(result.data.account);
    });
    return () => controller.abort();
  }, [given]);
  return given ?? loaded;
}

/**
 * The shared account menu (studio header and the other pages): Documents, Usage, Settings,
 * then Sign up / Sign in for a guest or Sign out. Test ids: `account-menu` (the whole),
 * `account-menu-button`, and `account-menu-<item>` for each item.
 */
export function AccountMenu({ account: given, className }: AccountMenuProps) {
  const account = useAccount(given);
  const router = useRouter();
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const label = accountLabel(account);

  const close = useCallback((reason: MenuCloseReason) => {
    setOpen(false);
    if (reason !== "outside") triggerRef.current?.focus();
  }, []);

  const go = (href: string) => () => {
    setOpen(false);
    router.push(href);
  };
  // Signing in from a page comes back to it.
  const back = pathname && pathname !== "/sign-in" && pathname !== "/sign-up" ? `?callbackUrl=${encodeURIComponent(pathname)}` : "";

  const items: MenuItem[] = [
    { id: "documents", label: "Documents", testId: "account-menu-documents", onSelect: go("/documents") },
    { id: "usage", label: "Usage", testId: "account-menu-usage", onSelect: go("/usage") },
    { id: "jobs", label: "Jobs", testId: "account-menu-jobs", onSelect: go("/jobs") },
    { id: "settings", label: "Settings", testId: "account-menu-settings", onSelect: go("/settings") },
    ...(account?.is_guest === false
      ? [
          {
            id: "sign-out",
            label: "Sign out",
            testId: "account-menu-sign-out",
            onSelect: () => {
              setOpen(false);
              void signOut({ redirectTo: "/sign-in" });
            },
          },
        ]
      : [
          { id: "sign-up", label: "Sign up", testId: "account-menu-sign-up", onSelect: go(`/sign-up${back}`) },
          { id: "sign-in", label: "Sign in", testId: "account-menu-sign-in", onSelect: go(`/sign-in${back}`) },
        ]),
  ];

  return (
    <div className={cn("relative", className)} data-testid="account-menu">
      <button
        ref={triggerRef}
        type="button"
        data-account-menu-trigger
        data-testid="account-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Account: ${label}`}
        title={account?.email ?? undefined}
        onClick={() => setOpen((current) => !current)}
        className="flex h-8 max-w-56 items-center gap-2 rounded-lg pr-2 pl-1 text-[13px] font-medium text-neutral-700 transition-colors hover:bg-neutral-100 dark:text-neutral-300 dark:hover:bg-neutral-800"
      >
        <span
          aria-hidden="true"
          className={cn(
            "grid size-6 shrink-0 place-items-center rounded-full text-[11px] font-semibold uppercase",
            account?.is_guest === false
              ? "bg-indigo-100 text-indigo-700 dark:bg-indigo-500/20 dark:text-indigo-300"
              : "bg-neutral-200 text-neutral-600 dark:bg-neutral-700 dark:text-neutral-300",
          )}
        >
          {label.charAt(0)}
        </span>
        <span className="hidden truncate sm:inline" data-testid="account-menu-label">
          {label}
        </span>
        <svg viewBox="0 0 12 12" aria-hidden="true" className="size-3 shrink-0 text-neutral-400">
          <path d="M3 4.5l3 3 3-3" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      {open ? (
        <div className="absolute top-full right-0 z-50 mt-1.5">
          <Menu label="Account" testId="account-menu-items" items={items} onClose={close} isInside={isMenuTrigger} />
        </div>
      ) : null}
    </div>
  );
}
