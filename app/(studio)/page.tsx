import { redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { requirePageUser } from "@/lib/server/auth/session";
import { createDocument, searchDocuments } from "@/lib/server/documents";

/** The studio's front door: the writer's most recently edited document (a blank new one too, so none piles up), or a new one. */
export default async function StudioHome() {
  const user = await requirePageUser("/");
  const [latest] = await searchDocuments({ ownerId: user.id, trash: false, limit: 1, includeUntouched: true });
  let id = latest?.id;
  if (!id) {
    try {
      id = (await createDocument({ ownerId: user.id, input: {} })).id;
    } catch (error) {
      // No live document and no room for one: the trash is where they all are.
      if (AppError.is(error) && error.code === "document_limit_reached") redirect("/documents?trash=true");
      throw error;
    }
  }
  redirect(`/d/${id}`);
}
