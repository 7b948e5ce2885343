import type { DocumentJson, UpdateDocumentInput } from "@/lib/contracts/documents";
import type { ApiError } from "@/lib/client/api/error";
import { sameContent } from "@/lib/documents/merge";
import { saveDocument, type SaveOutcome } from "@/lib/client/api/editor-document";
import { contentKey, removePending, writePending, type DraftState, type PendingChanges } from "./pending-changes";

export type SaveStatus = "saved" | "saving" | "offline" | "conflict" | "error";

export interface SaveState {
  status: SaveStatus;
  error?: ApiError;
}

/** The state the server confirmed last: what this tab's edits are based on. */
interface SyncedState extends DraftState {
  version: number;
}

/** The document changed elsewhere since `base`: `mine` is this tab's, `current` the server's. */
export interface Conflict {
  base: DraftState;
  mine: DraftState;
  current: DocumentJson;
}

interface Snapshot {
  label: string;
  source: "ai" | "manual" | "merge";
}

interface AutosaveOptions {
  documentId: string;
  /** What the first save is based on, and whether the editor holds edits not yet saved. */
  synced: SyncedState;
  dirty: boolean;
  /** Saves on `synced` sent by an earlier page whose answers it never got. */
  sent?: PendingChanges["sent"];
  onState: (state: SaveState) => void;
  onConflict: (conflict: Conflict) => void;
  onSaved?: (document: DocumentJson) => void;
  /** Puts a document from the server in the editor's own form, so states compare equal. */
  normalize: (document: DocumentJson) => DocumentJson;
}

const DEBOUNCE_MS = 800;
/**
 * Keeping the edits on this device serialises the whole document: once per short pause, not per
 * keystroke (the page going away writes at once, so only a crash can lose this much typing).
 */
const KEEP_MS = 250;
/** Continuous changes (a section streaming in) are still saved this often. */
const MAX_WAIT_MS = 5_000;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 15_000;
/** Recent saves sent on one base version, to recognise our own save in a 409. */
const SENT_KEYS_KEPT = 5;

/** The title this tab edits is the writer's own: "" while the title is automatic (it follows the document). */
export const writerTitle = (document: Pick<DocumentJson, "title" | "title_source">): string =>
  document.title_source === "writer" ? document.title : "";

function toSynced(document: DocumentJson): SyncedState {
  return { version: document.version, title: writerTitle(document), content: document.content };
}

/** Whether `current` is exactly a save this tab sent (its answer was lost: offline, or the tab closed). */
export function isOwnSave(current: DocumentJson, sent: PendingChanges["sent"]): boolean {
  return sent !== undefined && current.version === sent.base_version + 1 && sent.keys.includes(contentKey(current.content));
}

/**
 * Where a tab starts: the server's document, with this device's unsaved edits on top.
 * Edits based on an older version keep that older base, so their first save meets the
 * conflict flow (a 409) instead of overwriting what was saved elsewhere.
 */
export function startingPoint(
  document: DocumentJson,
  pending: PendingChanges | undefined,
): { synced: SyncedState; draft: DraftState; dirty: boolean; sent?: PendingChanges["sent"] } {
  const server = toSynced(document);
  if (!pending) return { synced: server, draft: server, dirty: false };
  // A kept title equal to the one the server shows is no rename (edits kept before titles followed the document).
  const draft = { title: pending.title === document.title ? writerTitle(document) : pending.title, content: pending.content };
  const unchanged = draft.title === server.title && sameContent(draft.content, document.content);
  if (unchanged || isOwnSave(document, pending.sent)) return { synced: server, draft, dirty: !unchanged };
  // Same base: a save sent just before the reload may still land, and must be recognised then.
  if (pending.base_version === document.version) return { synced: server, draft, dirty: true, sent: pending.sent };
  return {
    synced: { version: pending.base_version, title: pending.base_title, content: pending.base_content },
    draft,
    dirty: true,
  };
}

/**
 * Saves a document as it is edited: every change goes to localStorage at once, then to the
 * server after a pause in typing (PATCH with the version it is based on). Offline, it
 * retries with backoff and when the browser is back online; a 409 pauses saving until the
 * conflict is resolved (`rebase` after a merge, `reset` to take the server's version).
 */
export class Autosave {
  private synced: SyncedState;
  private dirty: boolean;
  private state: SaveState;
  private inflight: Promise<void> | null = null;
  private changedInFlight = false;
  private snapshot: Snapshot | null = null;
  private sent: PendingChanges["sent"];
  private timer: number | undefined;
  private keepTimer: number | undefined;
  private firstUnsavedAt = 0;
  private retryTimer: number | undefined;
  private retryDelay = RETRY_MIN_MS;
  /** Between `start` and its cleanup: timers and listeners only run while active. */
  private active = false;
  private read: () => DraftState | null = () => null;

  constructor(private readonly options: AutosaveOptions) {
    this.synced = options.synced;
    this.dirty = options.dirty;
    this.sent = options.sent;
    this.state = { status: options.dirty ? "saving" : "saved" };
  }

  /**
   * Starts saving what `read` returns (the editor's title and content; null once it is gone):
   * listens for the browser going online and the page going away, and saves edits left from before.
   */
  start(read: () => DraftState | null): () => void {
    this.read = read;
    this.active = true;
    const onOnline = () => this.retryNow();
    const onHidden = () => {
      if (document.visibilityState !== "hidden") return;
      this.keepNow();
      void this.run(true);
    };
    const onPageHide = () => {
      this.keepNow();
      void this.run(true);
    };
    window.addEventListener("online", onOnline);
    window.addEventListener("pagehide", onPageHide);
    document.addEventListener("visibilitychange", onHidden);
    if (this.dirty) {
      this.keepPending();
      void this.run();
    } else {
      removePending(this.options.documentId);
    }
    return () => {
      window.removeEventListener("online", onOnline);
      window.removeEventListener("pagehide", onPageHide);
      document.removeEventListener("visibilitychange", onHidden);
      this.keepNow();
      // Leaving the document inside the app (the Documents link): what was typed in the last
      // moment is saved now, not only the next time it opens, so the list shows it.
      void this.run(true);
      this.active = false;
      window.clearTimeout(this.timer);
      window.clearTimeout(this.retryTimer);
    };
  }

  get version(): number {
    return this.synced.version;
  }

  get status(): SaveStatus {
    return this.state.status;
  }

  /** Every edit: kept on this device within a moment, saved to the server after a pause in typing. */
  changed(): void {
    if (!this.dirty) this.firstUnsavedAt = Date.now();
    this.dirty = true;
    if (this.inflight) this.changedInFlight = true;
    if (this.keepTimer === undefined) this.keepTimer = window.setTimeout(() => this.keepNow(), KEEP_MS);
    const { status } = this.state;
    if (status === "conflict" || status === "offline") return;
    this.setState({ status: "saving" });
    window.clearTimeout(this.timer);
    const waited = Date.now() - this.firstUnsavedAt;
    this.timer = window.setTimeout(() => void this.run(), Math.max(0, Math.min(DEBOUNCE_MS, MAX_WAIT_MS - waited)));
  }

  /**
   * Saves now, not after the pause (AI edits, before an export or a restore). With a
   * snapshot, the saved state is kept as a named version. Resolves to true once the server has
   * everything this tab has.
   */
  async flush(snapshot?: Snapshot): Promise<boolean> {
    if (snapshot && this.dirty) this.snapshot = snapshot;
    window.clearTimeout(this.timer);
    // A save in flight may be followed by another for the edits made meanwhile.
    for (let round = 0; round < 3 && (this.inflight || this.dirty) && this.state.status !== "conflict"; round++) {
      if (this.inflight) await this.inflight;
      else await this.run();
    }
    return !this.dirty;
  }

  /** After a merge: `current` is the new base; the editor holds the merged document, saved now. */
  async rebase(current: DocumentJson, snapshot: Snapshot): Promise<boolean> {
    this.synced = toSynced(current);
    this.sent = undefined;
    this.dirty = true;
    this.setState({ status: "saving" });
    this.keepPending();
    return this.flush(snapshot);
  }

  /** The editor now shows `document` exactly as the server has it (kept theirs, restored a version). */
  reset(document: DocumentJson): void {
    window.clearTimeout(this.timer);
    window.clearTimeout(this.retryTimer);
    this.synced = toSynced(document);
    this.sent = undefined;
    this.dirty = false;
    this.snapshot = null;
    removePending(this.options.documentId);
    this.setState({ status: "saved" });
  }

  private setState(state: SaveState) {
    if (this.state.status === state.status && this.state.error === state.error) return;
    this.state = state;
    this.options.onState(state);
  }

  /** Writes the edits waiting for KEEP_MS now (the page is going away, or a save starts). */
  private keepNow() {
    if (this.keepTimer === undefined) return;
    window.clearTimeout(this.keepTimer);
    this.keepTimer = undefined;
    if (this.dirty) this.keepPending();
  }

  private keepPending() {
    window.clearTimeout(this.keepTimer);
    this.keepTimer = undefined;
    const draft = this.read();
    if (!draft) return;
    writePending(this.options.documentId, {
      ...draft,
      base_version: this.synced.version,
      base_title: this.synced.title,
      base_content: this.synced.content,
      ...(this.sent ? { sent: this.sent } : {}),
      saved_at: new Date().toISOString(),
    });
  }

  private retryNow() {
    if (this.state.status !== "offline" && this.state.status !== "error") return;
    window.clearTimeout(this.retryTimer);
    this.retryDelay = RETRY_MIN_MS;
    void this.run();
  }

  /** `leaving`: the page is going away, so the request must outlive it (keepalive). */
  private run(leaving = false): Promise<void> {
    if (this.inflight) return this.inflight;
    if (!this.active || !this.dirty || this.state.status === "conflict") return Promise.resolve();
    const draft = this.read();
    if (!draft) return Promise.resolve();
    window.clearTimeout(this.timer);
    window.clearTimeout(this.retryTimer);
    this.inflight = this.send(draft, leaving).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async send(draft: DraftState, leaving: boolean): Promise<void> {
    const base = this.synced;
    const snapshot = this.snapshot;
    const body: UpdateDocumentInput = {
      base_version: base.version,
      content: draft.content,
      ...(draft.title !== base.title ? { title: draft.title } : {}),
      ...(snapshot ? { snapshot } : {}),
    };
    const key = contentKey(draft.content);
    const keys = this.sent?.base_version === base.version ? this.sent.keys : [];
    this.sent = { base_version: base.version, keys: [...keys.filter((k) => k !== key), key].slice(-SENT_KEYS_KEPT) };
    this.changedInFlight = false;
    this.keepPending();
    if (this.state.status !== "offline") this.setState({ status: "saving" });
    const outcome = await saveDocument(this.options.documentId, body, { keepalive: leaving });
    this.settle(outcome, draft, base, snapshot);
  }

  private settle(outcome: SaveOutcome, draft: DraftState, base: SyncedState, snapshot: Snapshot | null) {
    switch (outcome.kind) {
      case "saved": {
        this.synced = { version: outcome.document.version, title: draft.title, content: draft.content };
        this.sent = undefined;
        this.retryDelay = RETRY_MIN_MS;
        if (this.snapshot === snapshot) this.snapshot = null;
        this.options.onSaved?.(outcome.document);
        if (this.changedInFlight || this.snapshot) {
          // Edits made while this save was in flight: the next save is based on this one.
          this.keepPending();
          this.firstUnsavedAt = Date.now();
          this.timer = window.setTimeout(() => void this.run(), this.snapshot ? 0 : DEBOUNCE_MS);
          this.setState({ status: "saving" });
        } else {
          this.dirty = false;
          removePending(this.options.documentId);
          this.setState({ status: "saved" });
        }
        return;
      }
      case "conflict": {
        // Our own earlier save whose answer was lost (offline): not a conflict, just a newer base.
        const current = this.options.normalize(outcome.current);
        if (isOwnSave(current, this.sent) && current.version === base.version + 1) {
          this.synced = toSynced(current);
          this.sent = undefined;
          const now = this.read() ?? draft;
          if (now.title === writerTitle(current) && sameContent(now.content, current.content)) {
            this.dirty = false;
            removePending(this.options.documentId);
            this.setState({ status: "saved" });
          } else {
            this.keepPending();
            this.timer = window.setTimeout(() => void this.run(), 0);
          }
          return;
        }
        this.snapshot = null;
        this.setState({ status: "conflict" });
        this.options.onConflict({ base: { title: base.title, content: base.content }, mine: this.read() ?? draft, current });
        return;
      }
      case "offline":
        this.setState({ status: "offline" });
        window.clearTimeout(this.retryTimer);
        this.retryTimer = window.setTimeout(() => void this.run(), this.retryDelay);
        this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
        return;
      case "failed":
        // Kept on this device; the next edit (or coming back online) tries again — and a save
        // refused for now (429) by itself once the wait it was given is over.
        this.setState({ status: "error", error: outcome.error });
        if (outcome.retryAfterMs !== undefined) {
          window.clearTimeout(this.retryTimer);
          this.retryTimer = window.setTimeout(() => void this.run(), outcome.retryAfterMs);
        }
        return;
    }
  }
}
