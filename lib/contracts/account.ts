import { z } from "zod";
import { limits } from "./limits";
import { safeString } from "./strings";

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
  })
  .partial()
  .strict();
export type AccountSettingsInput = z.infer<typeof accountSettingsSchema>;

export interface AccountJson {
  id: string;
  email: string | null;
  name: string | null;
  is_guest: boolean;
  store_content: boolean;
  created_at: string;
}

/** Codes the sign-in and sign-up forms can receive from Auth.js (`?code=`). */
export const authErrorCodes = ["invalid_credentials", "email_taken", "rate_limited", "invalid_request"] as const;
export type AuthErrorCode = (typeof authErrorCodes)[number];
