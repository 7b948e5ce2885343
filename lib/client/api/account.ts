import type { AccountJson, AccountSettingsInput, ChangePasswordInput } from "@/lib/contracts/account";
import { requestJson } from "./request-json";

/** `GET /api/account`: the signed-in account. */
export const fetchAccount = (signal?: AbortSignal) => requestJson<{ account: AccountJson }>("/api/account", { signal });

/** `PATCH /api/account`: the account as saved, or the server's error. */
export const updateAccount = (settings: AccountSettingsInput) =>
  requestJson<{ account: AccountJson }>("/api/account", { method: "PATCH", body: settings });

/** `POST /api/account/password`: 204 on success (this session stays, every other one ends). */
export const changePassword = (input: ChangePasswordInput) => requestJson<undefined>("/api/account/password", { method: "POST", body: input });
