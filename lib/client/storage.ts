/** Everything the studio keeps in the browser, in one place. */
export const storageKeys = {
  document: "draftwise:document",
  outline: "draftwise:outline",
  chat: "draftwise:chat",
  theme: "draftwise:theme",
  model: "draftwise:model",
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
