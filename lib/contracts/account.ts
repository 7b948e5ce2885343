import { z } from "zod";
import { limits } from "./limits";
import { safeString } from "./strings";
import { styleGuideSchema, type StyleGuide } from "./style-guide";
import { maxVariants } from "./variants";

export const emailSchema = safeString()
  .trim()
  .toLowerCase()
  .max(limits.emailChars)
  .pipe(z.email("Enter a valid email address."));

export const passwordSchema = safeString()
  .min(limits.passwordMinChars, `Use at least ${limits.passwordMinChars} characters.`)
  .max(limits.passwordMaxChars, `Use at most ${limits.passwordMaxChars} characters.`);

export const signInSchema = z.object({
  email: emailSchema,
  password: safeString().min(1, "Enter your password.").max(limits.passwordMaxChars),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const signUpSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: safeString().trim().max(limits.nameChars).optional(),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const accountSettingsSchema = z
  .object({
    store_content: z.boolean().describe("false: prompts and outputs are never stored, only token counts."),
    name: safeString().trim().max(limits.nameChars),
    style_guide: styleGuideSchema.nullable().describe("The default style guide of documents without their own; null: none."),
    variants: z
      .number()
      .int()
      .min(1)
      .max(maxVariants)
      .describe(`How many variants the studio's AI rewrites ask for by default (1: one answer, up to ${maxVariants}).`),
  })
  .partial()
  .strict();
export type AccountSettingsInput = z.infer<typeof accountSettingsSchema>;

/** POST /api/account/password: ends the account's other sessions; this one stays signed in. */
export const changePasswordSchema = z
  .object({
    current_password: safeString().min(1, "Enter your current password.").max(limits.passwordMaxChars),
    new_password: passwordSchema,
  })
  .strict();
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

/**
 * Set for a few minutes after a guest signs up or in with API keys of its own: how many were
 * revoked (a guest's keys never pass to the account). The studio tells the person, then clears it.
 */
export const revokedGuestKeysCookie = "draftwise-revoked-guest-keys";

export interface AccountJson {
  id: string;
  email: string | null;
  name: string | null;
  is_guest: boolean;
  store_content: boolean;
  /** The default style guide (null: none). */
  style_guide: StyleGuide | null;
  /** How many variants the studio's AI rewrites ask for by default (1: one answer). */
  variants: number;
  created_at: string;
}

/** Codes the sign-in and sign-up forms can receive from Auth.js (`?code=`). */
export const authErrorCodes = ["invalid_credentials", "email_taken", "rate_limited", "invalid_request"] as const;
export type AuthErrorCode = (typeof authErrorCodes)[number];

/** Why a sign-in must wait (429 `rate_limited`): this address, this device on the account, or the account under attack. */
export const signInWaitReasons = ["address", "device", "account"] as const;
export type SignInWaitReason = (typeof signInWaitReasons)[number];

/** What the person is told when a sign-in must wait: whose failures, for how long, and what still works. */
export function signInWaitMessage({ retryAfter, reason }: { retryAfter: number; reason: SignInWaitReason }): string {
  const when = retryAfter < 90 ? `${retryAfter} second${retryAfter === 1 ? "" : "s"}` : `${Math.ceil(retryAfter / 60)} minutes`;
  if (reason === "account") {
    return `This account has had many failed sign-ins from elsewhere. Try again in ${when}, or from a device you have signed in on before.`;
  }
  if (reason === "address") return `Too many failed sign-ins from your network. Try again in ${when}.`;
  return `Too many failed attempts for this account from this device. Try again in ${when}; each further failure doubles the wait.`;
}
