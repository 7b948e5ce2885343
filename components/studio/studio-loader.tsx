"use client";

import dynamic from "next/dynamic";
import { StudioSkeleton } from "./studio-skeleton";

/**
 * The studio reads localStorage (document, outline, chat, theme) from its first render,
 * so it renders only in the browser: no hydration mismatch, no flash of empty content.
 */
export const StudioLoader = dynamic(() => import("./studio").then((m) => m.Studio), {
  ssr: false,
  loading: StudioSkeleton,
});
