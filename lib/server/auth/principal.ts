import "server-only";
import { AppError } from "@/lib/errors";
import { apiKeyFromRequest, verifyApiKey } from "@/lib/server/api-keys";
import type { ApiKeyRow } from "@/lib/server/db/queries/api-keys";
import type { UserRow } from "@/lib/server/db/queries/users";
import { notePrincipal, requestIdOf } from "@/lib/server/http";
import { requireUser } from "./session";

/** Who a request acts for: a user, and the API key it came with (none for a browser session). */
export interface Principal {
  user: UserRow;
  apiKey?: ApiKeyRow;
  /** The request's X-Request-Id (set by proxy.ts), carried into the logs of what it causes. */
  requestId?: string;
}

/**
 * Authenticates by API key, or — where `session` allows it (the browser routes) — by the
 * session cookie. The developer API (`/api/v1`) takes keys only, so a cookie can't be
 * ridden there from another site.
 */
export async function authenticate(req: Request, { session }: { session: boolean }): Promise<Principal> {
  const key = apiKeyFromRequest(req);
  const requestId = requestIdOf(req);
  if (key === undefined) {
    if (session) {
      const user = await requireUser();
      notePrincipal(req, { user });
      return { user, requestId };
    }
    throw new AppError("unauthorized", "Send your API key as Authorization: Bearer <key> or X-API-Key: <key>. Create one in Settings → API keys.");
  }
  const { apiKey, user } = await verifyApiKey(key);
  notePrincipal(req, { user, apiKey });
  return { user, apiKey, requestId };
}
