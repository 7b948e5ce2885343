import { signIn } from "next-auth/react";
import { signInWaitMessage, signInWaitReasons, type SignInWaitReason } from "@/lib/contracts/account";
import { authErrorMessage } from "./auth-messages";

/** A sign-in that must wait says for how long and why: the 429 sends `error=rate_limited:<reason>:<seconds>`. */
function waitMessage(error: string | undefined): string | undefined {
  const [code, reason, seconds] = (error ?? "").split(":");
  const retryAfter = Number(seconds);
  if (code !== "rate_limited" || !(retryAfter > 0) || !signInWaitReasons.includes(reason as SignInWaitReason)) return undefined;
  return signInWaitMessage({ retryAfter, reason: reason as SignInWaitReason });
}

type CredentialsOutcome = { ok: true } | { ok: false; code: string | undefined; message: string };

interface CredentialsFields {
  email: string;
  password: string;
  name?: string;
  mode: "sign-in" | "sign-up";
}

/** Signs in or up with Auth.js's credentials provider, without leaving the page. */
export async function submitCredentials(fields: CredentialsFields): Promise<CredentialsOutcome> {
  try {
    // Sent as a form: an undefined field would arrive as the text "undefined".
    const { name, ...rest } = fields;
    const result = await signIn("credentials", { ...rest, ...(name ? { name } : {}), redirect: false });
    if (!result) return { ok: false, code: undefined, message: authErrorMessage(undefined) };
    // A refused attempt can answer 200 with `error` set: both count as failures.
    if (result.ok && !result.error) return { ok: true };
    const code = result.code ?? (result.status === 429 ? "rate_limited" : undefined);
    return { ok: false, code, message: waitMessage(result.error) ?? authErrorMessage(code) };
  } catch {
    return { ok: false, code: undefined, message: "Could not reach Draftwise. Check your connection and try again." };
  }
}
