import type { DocumentOutline } from "@/lib/contracts/document-outline";
import { saveOutline } from "@/lib/client/api/documents";

const SAVE_DELAY_MS = 600;
const RETRY_MS = 5_000;

/**
 * Saves a document's outline after a short pause in editing (last write wins: the outline isn't
 * versioned), retries while the server can't be reached, and sends what is left when the page goes away.
 */
export class OutlineSaver {
  private unsaved: DocumentOutline | null | undefined;
  private timer: number | undefined;

  constructor(private readonly documentId: string) {}

  change(outline: DocumentOutline | null, delay = SAVE_DELAY_MS): void {
    this.unsaved = outline;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.flush(), delay);
  }

  async flush(keepalive = false): Promise<void> {
    window.clearTimeout(this.timer);
    const pending = this.unsaved;
    if (pending === undefined) return;
    const ok = await saveOutline(this.documentId, pending, { keepalive });
    if (this.unsaved !== pending) return;
    if (ok) this.unsaved = undefined;
    else if (!keepalive) this.timer = window.setTimeout(() => void this.flush(), RETRY_MS);
  }
}
