"use client";

import { useState, useSyncExternalStore } from "react";
import Link from "next/link";
import { revokedGuestKeysCookie } from "@/lib/contracts/account";
import { Button } from "@/components/ui/button";

/** The count the server left in the cookie after sign-in or sign-up, cleared as it is read so it shows once. */
function takeRevokedCount(): number {
  const entry = document.cookie.split("; ").find((c) => c.startsWith(`${revokedGuestKeysCookie}=`));
  if (!entry) return 0;
  document.cookie = `${revokedGuestKeysCookie}=; path=/; max-age=0; samesite=lax`;
  return Number(entry.slice(revokedGuestKeysCookie.length + 1)) || 0;
}

const noSubscription = () => () => {};
// Read once per page load: the cookie is cleared as it is read.
let revoked: number | undefined;
const revokedCount = () => (revoked ??= takeRevokedCount());

/**
 * After a guest with API keys signs up or in: those keys were revoked (anyone who had the guest's
 * browser could have made them), so integrations using them need new ones.
 */
export function RevokedKeysNotice() {
  // 0 on the server; the browser's count once hydrated.
  const count = useSyncExternalStore(noSubscription, revokedCount, () => 0);
  const [dismissed, setDismissed] = useState(false);
  if (count === 0 || dismissed) return null;
  return (
    <div
      role="status"
      data-testid="revoked-keys-notice"
      className="flex items-center justify-center gap-3 border-b border-amber-200 bg-amber-50 px-4 py-2 text-[13px] text-amber-950 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-100"
    >
      <p>
        {count === 1 ? "The API key" : `The ${count} API keys`} you created as a guest {count === 1 ? "was" : "were"} revoked: a guest’s
        keys don’t carry over to an account.{" "}
        <Link href="/settings#settings-api-keys" className="font-medium underline underline-offset-2">
          Create new keys
        </Link>
      </p>
      <Button size="sm" variant="ghost" onClick={() => setDismissed(true)} data-testid="revoked-keys-notice-dismiss">
        Dismiss
      </Button>
    </div>
  );
}
