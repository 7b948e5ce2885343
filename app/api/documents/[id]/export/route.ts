import { exportQuerySchema } from "@/lib/contracts/documents";
import { requireUser } from "@/lib/server/auth/session";
import { parseDocumentId } from "@/lib/server/documents";
import { contentDisposition, exportDocument } from "@/lib/server/documents/export";
import { otherMethods, route, validate, type IdParams } from "@/lib/server/http";

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");

/** The document as a Markdown, HTML or Word file download, named after its title (Word: with the authorship record on `authorship=appendix`). */
export const GET = route<IdParams>(async (req, { params }) => {
  const documentId = parseDocumentId((await params).id);
  const { format, suggestions, authorship } = validate(exportQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  const user = await requireUser(req);
  const file = await exportDocument({
    ownerId: user.id,
    documentId,
    format,
    ...(suggestions ? { suggestions } : {}),
    ...(authorship ? { authorship: { storeContent: user.storeContent } } : {}),
  });
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": contentDisposition(file.fileName),
      "Cache-Control": "no-store",
      // The HTML export is a download, never a page of this origin.
      "X-Content-Type-Options": "nosniff",
    },
  });
});
