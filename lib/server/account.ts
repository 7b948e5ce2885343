import "server-only";
import type { AccountJson } from "@/lib/contracts/account";
import type { UserRow } from "@/lib/server/db/queries/users";

export function accountJson(user: UserRow): AccountJson {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    is_guest: user.isGuest,
    store_content: user.storeContent,
    created_at: user.createdAt.toISOString(),
  };
}
