import { z } from "zod";
import {
  apiKeyLimitsSchema,
  apiKeyListSchema,
  apiKeySchema,
  budgetStateSchema,
  createApiKeySchema,
  createdApiKeySchema,
} from "@/lib/contracts/api-keys";
import { codes } from "./responses";
import { jsonResponse, named, successHeaders, tags, type OperationContext, type OperationGroup } from "./operation";

named("ApiKey", apiKeySchema);
named("CreatedApiKey", createdApiKeySchema);
named("ApiKeyLimits", apiKeyLimitsSchema);
named("BudgetState", budgetStateSchema);

const schemas = {
  createApiKey: named("CreateApiKeyRequest", createApiKeySchema),
  apiKeyList: named("ApiKeyList", apiKeyListSchema),
  apiKeyEnvelope: named("ApiKeyEnvelope", z.object({ key: apiKeySchema })),
  createdApiKeyEnvelope: named("CreatedApiKeyEnvelope", z.object({ key: createdApiKeySchema })),
};

const params = {
  keyId: z.object({ id: z.uuid().describe("The key's id.") }),
};

/** Key management from a signed-in browser (the session cookie only). */
export function apiKeyOperations({ ex, samples }: OperationContext): OperationGroup {
  return {
    api: [
      {
        method: "get",
        path: "/api/keys",
        tag: tags.keys,
        operationId: "listApiKeys",
        summary: "List your API keys",
        description: "Your API keys (never the secrets), with their limits and what their budgets have left. Needs the session cookie of a signed-in browser; API keys can't manage keys.",
        auth: "session",
        responses: { 200: jsonResponse("The keys.", schemas.apiKeyList, false) },
        errors: [...codes.session, ...codes.always],
        samples: samples({ method: "GET", path: "/api/keys", auth: "session", response: "json" }),
      },
      {
        method: "post",
        path: "/api/keys",
        tag: tags.keys,
        operationId: "createApiKey",
        summary: "Create an API key",
        description: "A new key. The secret (`key.key`) is in this answer only: store it now. `expires_at` in the past is a 422. Needs the session cookie.",
        auth: "session",
        body: { schema: schemas.createApiKey, example: ex.createKey },
        responses: {
          201: {
            description: "The key, with its secret.",
            headers: successHeaders(false),
            content: { "application/json": { schema: schemas.createdApiKeyEnvelope } },
          },
        },
        errors: [...codes.jsonBody, ...codes.session, "unprocessable_request", ...codes.always],
        errorParams: { unprocessable_request: "expires_at", invalid_request: "name" },
        samples: samples({ method: "POST", path: "/api/keys", body: ex.createKey, auth: "session", response: "json" }),
      },
      {
        method: "get",
        path: "/api/keys/{id}",
        tag: tags.keys,
        operationId: "getApiKey",
        summary: "Get an API key",
        description: "One of your keys. Another user's key, or an id that is not a UUID, is a 404. Needs the session cookie.",
        auth: "session",
        params: params.keyId,
        responses: { 200: jsonResponse("The key.", schemas.apiKeyEnvelope, false) },
        errors: [...codes.session, "not_found", ...codes.always],
        errorParams: { not_found: "id" },
        samples: samples({ method: "GET", path: "/api/keys/2f6c1a9e-6f1b-4d7e-9a51-0c1d2e3f4a5b", auth: "session", response: "json" }),
      },
      {
        method: "delete",
        path: "/api/keys/{id}",
        tag: tags.keys,
        operationId: "revokeApiKey",
        summary: "Revoke an API key",
        description: "Revokes the key at once; revoking again is harmless. The key stays listed with `status: \"revoked\"`. Needs the session cookie.",
        auth: "session",
        params: params.keyId,
        responses: { 200: jsonResponse("The revoked key.", schemas.apiKeyEnvelope, false) },
        errors: [...codes.session, "not_found", ...codes.always],
        errorParams: { not_found: "id" },
        samples: samples({ method: "DELETE", path: "/api/keys/2f6c1a9e-6f1b-4d7e-9a51-0c1d2e3f4a5b", auth: "session", response: "json" }),
      },
    ],
    studio: [],
  };
}
