"use client";

import { useEffect, type RefObject } from "react";

/** Calls `onOutside` when a pointer goes down outside `ref` (and outside what `isInside` accepts). */
export function useOutsidePointer(
  ref: RefObject<HTMLElement | null>,
  onOutside: () => void,
  isInside?: (target: Element) => boolean,
) {
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target;
      if (!(target instanceof Element) || ref.current?.contains(target) || isInside?.(target)) return;
      onOutside();
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [ref, onOutside, isInside]);
}
