import Link from "next/link";

/** Tells a guest that their work lives in this browser's session until they sign up. */
export function GuestBanner() {
  return (
    <div
      data-testid="guest-banner"
      className="border-b border-indigo-200 bg-indigo-50 px-4 py-2 text-center text-[13px] text-indigo-950 dark:border-indigo-500/20 dark:bg-indigo-500/10 dark:text-indigo-100"
    >
      Your work is saved as a guest — sign up to keep it on every device.{" "}
      <Link href="/sign-up" className="font-medium underline underline-offset-2">
        Sign up
      </Link>
    </div>
  );
}
