import { changePasswordSchema } from "@/lib/contracts/account";
import { changePassword } from "@/lib/server/auth/change-password";
import { clientIp } from "@/lib/server/auth/limits";
import { requireUser } from "@/lib/server/auth/session";
import { otherMethods, readJsonBody, route } from "@/lib/server/http";
import { limitWrites } from "@/lib/server/limits";

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** Changes the password: 204, this browser stays signed in and every other session of the account ends. */
export const POST = route(async (req) => {
  const user = await requireUser(req);
  await limitWrites(user);
  const input = await readJsonBody(req, changePasswordSchema);
  await changePassword({ user, input, attempt: { ip: clientIp(req.headers), cookies: req.headers.get("cookie") } });
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
});
