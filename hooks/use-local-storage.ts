"use client";

import { useEffect, useState, type Dispatch, type SetStateAction } from "react";
import { readStored, writeStored } from "@/lib/client/storage";

/**
 * State mirrored to localStorage as JSON. The stored value is read once, on first render
 * (the studio only renders in the browser), and checked by `parse`: a stale or corrupt
 * entry falls back instead of crashing the page.
 */
export function useLocalStorage<T>(
  key: string,
  fallback: T,
  parse: (stored: unknown) => T | undefined,
): [T, Dispatch<SetStateAction<T>>] {
  const [value, setValue] = useState<T>(() => {
    const stored = readStored(key);
    return stored === undefined ? fallback : (parse(stored) ?? fallback);
  });
  useEffect(() => {
    writeStored(key, value);
  }, [key, value]);
  return [value, setValue];
}
