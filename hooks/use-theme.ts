"use client";

import { useState } from "react";
import { storageKeys } from "@/lib/client/storage";

/** Light or dark, as applied to <html> by the layout's pre-paint script. */
export function useTheme() {
  const [dark, setDark] = useState(() => document.documentElement.classList.contains("dark"));

  const toggle = () => {
    const next = !dark;
    document.documentElement.classList.toggle("dark", next);
    try {
      // A plain string: the layout's inline script reads it before React loads.
      window.localStorage.setItem(storageKeys.theme, next ? "dark" : "light");
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    setDark(next);
  };

  return { dark, toggle };
}
