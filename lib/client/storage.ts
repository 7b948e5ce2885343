/** Everything the studio keeps in the browser, in one place. */
export const storageKeys = {
  /** Where the studio kept its one document before documents moved to the server; imported once. */
  legacyDocument: "draftwise:document",
  /** Edits of a document not yet confirmed by the server (offline, or the tab closed mid-save). */
  pendingChanges: (documentId: string) => `draftwise:pending:${documentId}`,
  /** Where earlier versions kept one outline for every document; moved into a document once. */
  outline: "draftwise:outline",
  /** A document's outline edits not yet confirmed by the server. */
  pendingOutline: (documentId: string) => `draftwise:pending-outline:${documentId}`,
  theme: "draftwise:theme",
  model: "draftwise:model",
  /** Focus mode: the side panels hidden, the document alone. */
  focusMode: "draftwise:focus-mode",
  /** The first-run hint was shown in this browser: it isn't shown again. */
  firstRunHint: "draftwise:first-run-hint",
  /** "Show AI text": AI-written text highlighted in the document. */
  showAiText: "draftwise:show-ai-text",
  /** The models and temperatures the AI rewrites compare as variants (how many is the account's setting). */
  variants: "draftwise:variants",
} as const;

/** Reads and parses a stored JSON value; private mode, quota or corrupt data all give `undefined`. */
export function readStored(key: string): unknown {
  try {
    const raw = window.localStorage.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}

/** Stores a JSON value; returns false when the browser refuses (quota, private mode). */
export function writeStored(key: string, value: unknown): boolean {
  try {
    if (value === undefined) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}
