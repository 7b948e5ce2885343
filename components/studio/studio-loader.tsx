"use client";

import dynamic from "next/dynamic";
import type { StudioProps } from "./studio";
import { StudioSkeleton } from "./studio-skeleton";

/**
 * The studio reads localStorage (unsaved edits, outline, theme) from its first render, so it
 * renders only in the browser: no hydration mismatch, no flash of the older saved text.
 */
export const StudioLoader = dynamic<StudioProps>(() => import("./studio").then((m) => m.Studio), {
  ssr: false,
  loading: StudioSkeleton,
});
