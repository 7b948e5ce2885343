/** Typography for rendered documents and Markdown, without a typography plugin. */
const shared = [
  "[&>*:first-child]:mt-0 [&>*:last-child]:mb-0",
  "[&_ul]:list-disc [&_ul]:pl-6 [&_ol]:list-decimal [&_ol]:pl-6 [&_li]:my-1 [&_li>p]:my-0",
  "[&_blockquote]:border-l-2 [&_blockquote]:border-indigo-300 [&_blockquote]:pl-4 [&_blockquote]:text-neutral-600 dark:[&_blockquote]:border-indigo-500/60 dark:[&_blockquote]:text-neutral-400",
  "[&_a]:text-indigo-600 [&_a]:underline [&_a]:underline-offset-2 dark:[&_a]:text-indigo-400",
  "[&_code]:rounded [&_code]:bg-neutral-100 [&_code]:px-1 [&_code]:py-0.5 [&_code]:font-mono [&_code]:text-[0.875em] dark:[&_code]:bg-neutral-800",
  "[&_pre]:overflow-x-auto [&_pre]:rounded-lg [&_pre]:bg-neutral-100 [&_pre]:p-3 dark:[&_pre]:bg-neutral-800 [&_pre_code]:bg-transparent [&_pre_code]:p-0",
  "[&_hr]:border-neutral-200 dark:[&_hr]:border-neutral-800",
  "[&_strong]:font-semibold [&_strong]:text-neutral-950 dark:[&_strong]:text-white",
].join(" ");

/** The document: roomy, for long-form reading and writing. */
export const documentProse = [
  shared,
  "text-[1.0625rem] leading-8 text-neutral-800 dark:text-neutral-200",
  "[&_p]:my-4 [&_ul]:my-4 [&_ol]:my-4 [&_blockquote]:my-5 [&_pre]:my-5 [&_hr]:my-8",
  "[&_h1]:mt-10 [&_h1]:mb-4 [&_h1]:text-[2rem] [&_h1]:leading-tight [&_h1]:font-semibold [&_h1]:tracking-tight [&_h1]:text-neutral-950 dark:[&_h1]:text-white",
  "[&_h2]:mt-9 [&_h2]:mb-3 [&_h2]:text-2xl [&_h2]:leading-snug [&_h2]:font-semibold [&_h2]:tracking-tight [&_h2]:text-neutral-950 dark:[&_h2]:text-white",
  "[&_h3]:mt-7 [&_h3]:mb-2 [&_h3]:text-xl [&_h3]:font-semibold [&_h3]:text-neutral-950 dark:[&_h3]:text-white",
].join(" ");

/** Chat answers and suggestions: compact. */
export const compactProse = [
  shared,
  "text-sm leading-6 text-neutral-800 dark:text-neutral-200",
  "[&_p]:my-2 [&_ul]:my-2 [&_ol]:my-2 [&_blockquote]:my-3 [&_pre]:my-3 [&_hr]:my-4",
  "[&_h1]:mt-4 [&_h1]:mb-2 [&_h1]:text-lg [&_h1]:font-semibold",
  "[&_h2]:mt-4 [&_h2]:mb-2 [&_h2]:text-base [&_h2]:font-semibold",
  "[&_h3]:mt-3 [&_h3]:mb-1 [&_h3]:text-sm [&_h3]:font-semibold",
].join(" ");
