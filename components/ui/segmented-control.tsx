import { cn } from "@/lib/utils";

interface SegmentedOption<T extends string | number | boolean> {
  value: T;
  label: string;
  testId?: string;
}

interface SegmentedControlProps<T extends string | number | boolean> {
  /** Names the group for assistive tech, e.g. "Period". */
  label: string;
  options: readonly SegmentedOption<T>[];
  value: T;
  onChange: (value: T) => void;
  className?: string;
}

/** A few mutually exclusive choices shown side by side, as toggle buttons (aria-pressed). */
export function SegmentedControl<T extends string | number | boolean>({ label, options, value, onChange, className }: SegmentedControlProps<T>) {
  return (
    <div role="group" aria-label={label} className={cn("flex w-fit gap-1 rounded-lg bg-neutral-200/60 p-1 dark:bg-neutral-800/60", className)}>
      {options.map((option) => (
        <button
          key={String(option.value)}
          type="button"
          aria-pressed={option.value === value}
          onClick={() => onChange(option.value)}
          data-testid={option.testId}
          className={cn(
            "h-7 rounded-md px-3 text-[13px] font-medium whitespace-nowrap transition-colors",
            option.value === value
              ? "bg-white text-neutral-900 shadow-xs dark:bg-neutral-900 dark:text-neutral-100"
              : "text-neutral-600 hover:text-neutral-900 dark:text-neutral-400 dark:hover:text-neutral-100",
          )}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
