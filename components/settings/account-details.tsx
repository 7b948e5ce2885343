import Link from "next/link";
import type { AccountJson } from "@/lib/contracts/account";

const joined = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" });

/** Who this account is: its email, or that it is a guest, and since when. */
export function AccountDetails({ account }: { account: AccountJson }) {
  return (
    <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2 text-sm">
      <dt className="text-neutral-500 dark:text-neutral-400">Email</dt>
      <dd data-testid="account-email">
        {account.is_guest ? (
          <>
            Guest — sign up to keep your work.{" "}
            <Link href="/sign-up?callbackUrl=%2Fsettings" className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
              Sign up
            </Link>
          </>
        ) : (
          (account.email ?? "—")
        )}
      </dd>
      <dt className="text-neutral-500 dark:text-neutral-400">Member since</dt>
      <dd>{joined.format(new Date(account.created_at))}</dd>
    </dl>
  );
}
