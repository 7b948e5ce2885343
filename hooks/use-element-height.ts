import { useCallback, useState } from "react";

/** A callback ref and its element's height, kept current as it resizes: floating cards place themselves by it. */
export function useElementHeight<T extends HTMLElement>(): [(element: T | null) => (() => void) | undefined, number] {
  const [height, setHeight] = useState(0);
  const ref = useCallback((element: T | null) => {
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.offsetHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, height];
}
