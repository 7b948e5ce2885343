import { documentOutlineSchema, type DocumentOutline } from "@/lib/contracts/document-outline";
import { saveOutline } from "@/lib/client/api/documents";
import { readStored, storageKeys, writeStored } from "@/lib/client/storage";

const SAVE_DELAY_MS = 600;
const RETRY_MS = 5_000;

/**
 * Saves a document's outline after a short pause in editing (last write wins: the outline isn't
 * versioned), retries while the server can't be reached, and sends what is left when the page goes
 * away. Until the server has it, the outline also waits on this device, so a reload or a crash
 * before the save keeps it.
 */
export class OutlineSaver {
  private unsaved: DocumentOutline | null | undefined;
  private timer: number | undefined;

  constructor(private readonly documentId: string) {}

  /** An outline edited on this device and not yet saved, if any (checked: anything else is dropped). */
  pending(): DocumentOutline | null | undefined {
    const stored = readStored(storageKeys.pendingOutline(this.documentId)) as { outline?: unknown } | undefined;
    if (!stored || !("outline" in stored)) return undefined;
    const parsed = documentOutlineSchema.nullable().safeParse(stored.outline);
    return parsed.success ? parsed.data : undefined;
  }

  change(outline: DocumentOutline | null, delay = SAVE_DELAY_MS): void {
    this.unsaved = outline;
    writeStored(storageKeys.pendingOutline(this.documentId), { outline });
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.flush(), delay);
  }

  async flush(keepalive = false): Promise<void> {
    window.clearTimeout(this.timer);
    const pending = this.unsaved;
    if (pending === undefined) return;
    const ok = await saveOutline(this.documentId, pending, { keepalive });
    if (this.unsaved !== pending) return;
    if (ok) {
      this.unsaved = undefined;
      writeStored(storageKeys.pendingOutline(this.documentId), undefined);
    }
    else if (!keepalive) this.timer = window.setTimeout(() => void this.flush(), RETRY_MS);
  }
}
