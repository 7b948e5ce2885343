import type { ApiKeyJson, CreateApiKeyInput, CreatedApiKeyJson } from "@/lib/contracts/api-keys";
import { requestJson } from "./request-json";

/** `GET /api/keys`: the signed-in user's keys, newest first, without their secrets. */
export const fetchApiKeys = (signal?: AbortSignal) => requestJson<{ keys: ApiKeyJson[] }>("/api/keys", { signal });

/** `POST /api/keys`: the new key, with its secret in this answer only. */
export const postApiKey = (input: CreateApiKeyInput) =>
  requestJson<{ key: CreatedApiKeyJson }>("/api/keys", { method: "POST", body: input });

/** `DELETE /api/keys/{id}`: revokes the key (again is harmless) and answers it as it is now. */
export const deleteApiKey = (keyId: string) =>
  requestJson<{ key: ApiKeyJson }>(`/api/keys/${encodeURIComponent(keyId)}`, { method: "DELETE" });
