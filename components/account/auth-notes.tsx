import type { ReactNode } from "react";
import Link from "next/link";

/** A calm note above the auth forms (guest banner, "already signed in"). */
export function AuthNote({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div
      role="note"
      data-testid={testId}
      className="rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2.5 text-sm leading-6 text-indigo-950 dark:border-indigo-500/30 dark:bg-indigo-500/10 dark:text-indigo-100"
    >
      {children}
    </div>
  );
}

export function SignedInNote({ email }: { email: string | null }) {
  return (
    <AuthNote testId="signed-in-note">
      You&apos;re signed in{email ? ` as ${email}` : ""}.{" "}
      <Link href="/" className="font-medium underline underline-offset-2">
        Go to the studio
      </Link>
    </AuthNote>
  );
}

/** The other auth page, e.g. "No account yet? Sign up". */
export function AuthSwitchLink({ question, label, href }: { question: string; label: string; href: string }) {
  return (
    <p className="text-center text-sm text-neutral-600 dark:text-neutral-400">
      {question}{" "}
      <Link href={href} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
        {label}
      </Link>
    </p>
  );
}
