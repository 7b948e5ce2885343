"use client";

import { useTheme } from "@/hooks/use-theme";
import { IconButton } from "@/components/ui/icon-button";
import { MoonIcon, SunIcon } from "@/components/ui/icons";

export function ThemeToggle() {
  const { dark, toggle } = useTheme();
  return (
    <IconButton label="Dark mode" title={dark ? "Switch to light mode" : "Switch to dark mode"} aria-pressed={dark} onClick={toggle} data-testid="theme-toggle">
      {dark ? <SunIcon /> : <MoonIcon />}
    </IconButton>
  );
}
