"use client";

import type { ModelInfo } from "@/lib/ai/models";
import { Button } from "@/components/ui/button";
import { ChatIcon, OutlineIcon, PenIcon } from "@/components/ui/icons";
import { cn } from "@/lib/utils";
import { ModelPicker } from "./model-picker";
import { ThemeToggle } from "./theme-toggle";

export type Drawer = "outline" | "chat";

interface StudioHeaderProps {
  models: ModelInfo[];
  model: string | undefined;
  onModelChange: (id: string) => void;
  drawer: Drawer | null;
  onToggleDrawer: (drawer: Drawer) => void;
}

const drawerButtons = [
  { drawer: "outline", label: "Outline", icon: <OutlineIcon />, controls: "outline-panel" },
  { drawer: "chat", label: "Chat", icon: <ChatIcon />, controls: "chat-panel" },
] as const;

export function StudioHeader({ models, model, onModelChange, drawer, onToggleDrawer }: StudioHeaderProps) {
  return (
    <header className="flex h-14 shrink-0 items-center gap-3 border-b border-neutral-200 bg-white px-3 sm:px-4 dark:border-neutral-800 dark:bg-neutral-950">
      <div className="flex items-center gap-2.5">
        <span className="grid size-8 place-items-center rounded-lg bg-indigo-600 text-white shadow-sm [&_svg]:size-4">
          <PenIcon />
        </span>
        <h1 className="text-[15px] font-semibold tracking-tight">Draftwise</h1>
        <span className="hidden text-xs text-neutral-500 md:inline dark:text-neutral-400">AI writing studio</span>
      </div>
      <div className="ml-auto flex items-center gap-1.5 sm:gap-2">
        <ModelPicker models={models} value={model} onChange={onModelChange} />
        {drawerButtons.map((b) => (
          <Button
            key={b.drawer}
            size="sm"
            variant="ghost"
            aria-controls={b.controls}
            aria-expanded={drawer === b.drawer}
            onClick={() => onToggleDrawer(b.drawer)}
            className={cn("lg:hidden", drawer === b.drawer && "bg-neutral-100 dark:bg-neutral-800")}
            data-testid={`toggle-${b.drawer}`}
          >
            {b.icon}
            <span className="sr-only sm:not-sr-only">{b.label}</span>
          </Button>
        ))}
        <ThemeToggle />
      </div>
    </header>
  );
}
