"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";
import { documentContentSchema } from "@/lib/contracts/documents";
import { documentToText } from "@/lib/documents/convert";
import { createDocument } from "@/lib/client/api/editor-document";
import { normalizeContent } from "@/lib/client/editor/schema";
import { readStored, storageKeys, writeStored } from "@/lib/client/storage";

const importedTitle = "Imported draft";

// Once per page load, even when React runs the effect twice (development).
let started = false;

/**
 * Before documents lived on the server, the studio kept one document in localStorage. A
 * writer upgrading finds it imported as a new document "Imported draft" and opened; the old
 * entry is removed only once the server has the copy.
 */
export function useLegacyImport() {
  const router = useRouter();
  useEffect(() => {
    if (started) return;
    const stored = readStored(storageKeys.legacyDocument);
    if (stored === undefined) return;
    started = true;
    const parsed = documentContentSchema.safeParse(stored);
    if (!parsed.success || documentToText(parsed.data).trim() === "") {
      writeStored(storageKeys.legacyDocument, undefined);
      return;
    }
    createDocument({ title: importedTitle, content: normalizeContent(parsed.data) }).then(
      (imported) => {
        writeStored(storageKeys.legacyDocument, undefined);
        router.replace(`/d/${imported.id}`);
      },
      () => {
        // Offline or refused: the old entry stays, and the next visit tries again.
      },
    );
  }, [router]);
}
