"use client";

import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";

const providerNames: Record<string, string> = { github: "GitHub", google: "Google" };

interface OAuthButtonsProps {
  /** The providers the server has enabled (those listed by `GET /api/auth/providers`). */
  providers: readonly string[];
  callbackUrl: string;
}

/** "Continue with GitHub / Google", only for the providers that are configured. */
export function OAuthButtons({ providers, callbackUrl }: OAuthButtonsProps) {
  const shown = providers.filter((id) => id in providerNames);
  if (shown.length === 0) return null;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-col gap-2">
        {shown.map((id) => (
          <Button key={id} data-testid={`oauth-${id}`} onClick={() => void signIn(id, { redirectTo: callbackUrl })}>
            Continue with {providerNames[id]}
          </Button>
        ))}
      </div>
      <p className="flex items-center gap-3 text-xs text-neutral-500 before:h-px before:flex-1 before:bg-neutral-200 after:h-px after:flex-1 after:bg-neutral-200 dark:text-neutral-400 dark:before:bg-neutral-800 dark:after:bg-neutral-800">
        or with email
      </p>
    </div>
  );
}
