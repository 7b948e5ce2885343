import { accountSettingsSchema } from "@/lib/contracts/account";
import { requireUser } from "@/lib/server/auth/session";
import { accountJson, updateAccount } from "@/lib/server/account";
import { readJsonBody, route } from "@/lib/server/http";
import { limitWrites } from "@/lib/server/limits";

/** The signed-in account and its settings (the privacy switch among them). */
export const GET = route(async () => Response.json({ account: accountJson(await requireUser()) }));

export const PATCH = route(async (req) => {
  const user = await requireUser(req);
  await limitWrites(user);
  const body = await readJsonBody(req, accountSettingsSchema);
  return Response.json({ account: accountJson(await updateAccount({ user, settings: body })) });
});
