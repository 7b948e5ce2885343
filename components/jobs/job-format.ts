import type { JobJson, JobStatusName, JobType } from "@/lib/contracts/jobs";

export const typeLabels: Record<JobType, string> = {
  chat: "Chat",
  write: "Write",
  outline: "Outline",
  draft: "Draft",
  template: "Template",
};

export const statusLabels: Record<JobStatusName, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
};

const short = (text: string, max = 90) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);
const str = (value: unknown): string | undefined => (typeof value === "string" && value.trim() ? value.trim() : undefined);

/** One line saying what the job is about, from its input. */
export function jobSummary(job: Pick<JobJson, "type" | "input">): string {
  const input = job.input;
  switch (job.type) {
    case "draft": {
      const outline = input.outline as { title?: unknown } | undefined;
      return short(str(input.topic) ?? str(outline?.title) ?? "Article");
    }
    case "outline":
      return short(str(input.topic) ?? "Outline");
    case "chat": {
      const messages = Array.isArray(input.messages) ? (input.messages as { content?: unknown }[]) : [];
      return short(str(messages.at(-1)?.content) ?? "Conversation");
    }
    case "write":
      return short([str(input.action), str(input.text)].filter(Boolean).join(": ") || "Writing");
    case "template":
      return short(str(input.template) ?? "Template");
  }
}

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium" });

export const formatTime = (iso: string) => dateTime.format(new Date(iso));

/** "850 ms", "12.4 s", "3 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export const percent = (progress: number) => Math.round(Math.min(Math.max(progress, 0), 1) * 100);
