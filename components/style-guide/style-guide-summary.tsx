import { readingLevelLabels, type StyleGuide } from "@/lib/contracts/style-guide";

/** A guide at a glance, read-only (the account default as a document follows it). */
export function StyleGuideSummary({ guide }: { guide: StyleGuide }) {
  const rows: [string, string | undefined][] = [
    ["Voice", guide.voice],
    ["Audience", guide.audience],
    ["Reading level", guide.reading_level && readingLevelLabels[guide.reading_level]],
    ["Terms to use", guide.terms_to_use?.join(", ")],
    ["Terms to avoid", guide.terms_to_avoid?.join(", ")],
    ["Example passage", guide.example],
  ];
  return (
    <dl className="flex flex-col gap-2 rounded-lg bg-neutral-50 p-3 text-[13px] dark:bg-neutral-800/50" data-testid="style-guide-summary">
      {rows
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs font-medium text-neutral-500 dark:text-neutral-400">{label}</dt>
            <dd className="line-clamp-3 break-words whitespace-pre-line text-neutral-800 dark:text-neutral-200">{value}</dd>
          </div>
        ))}
    </dl>
  );
}
