import type { AccountJson, AccountSettingsInput } from "@/lib/contracts/account";
import { requestJson } from "@/lib/client/request-json";

/** `PATCH /api/account`: the account as saved, or the server's error. */
export const updateAccount = (settings: AccountSettingsInput) =>
  requestJson<{ account: AccountJson }>("/api/account", { method: "PATCH", body: settings });
