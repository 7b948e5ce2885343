"use client";

import type { AuthorshipReport } from "@/lib/contracts/authorship";
import { authorshipUrl } from "@/lib/client/api/authorship";
import { downloadFile } from "@/lib/client/download";
import { describeRun, shareRows } from "@/lib/editor/authorship/report";
import { percent } from "@/lib/editor/authorship/share";
import type { AuthorshipReportState } from "@/hooks/use-authorship-report";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { DownloadIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { versionTime } from "@/components/history/version-time";

interface AuthorshipReportDialogProps {
  documentId: string;
  state: AuthorshipReportState;
  onClose: () => void;
}

const originColors = { writer: "bg-neutral-300 dark:bg-neutral-600", ai: "bg-indigo-600 dark:bg-indigo-400", edited: "bg-indigo-300 dark:bg-indigo-700" } as const;

/** The share by words: a bar (decoration) and the table it draws. */
function ShareByOrigin({ report }: { report: AuthorshipReport }) {
  const rows = shareRows(report);
  const { words } = report.share;
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm" data-testid="authorship-ai-share">
        <span className="text-lg font-semibold">{percent(report.share.ai_words + report.share.edited_words, words)}</span> written by AI, of {words}{" "}
        {words === 1 ? "word" : "words"}
      </p>
      <div aria-hidden className="flex h-2 overflow-hidden rounded-full bg-neutral-100 dark:bg-neutral-800">
        {words ? rows.map((row) => <div key={row.origin} className={originColors[row.origin]} style={{ width: `${(row.words / words) * 100}%` }} />) : null}
      </div>
      <table className="w-full text-sm" data-testid="authorship-share">
        <caption className="sr-only">Share by words</caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">Origin</th>
            <th scope="col">Words</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.origin} data-origin={row.origin}>
              <th scope="row" className="py-0.5 text-left font-normal">
                <span aria-hidden className={`mr-2 inline-block size-2.5 rounded-full ${originColors[row.origin]}`} />
                {row.label}
              </th>
              <td className="py-0.5 text-right tabular-nums">{row.words}</td>
              <td className="w-14 py-0.5 text-right text-neutral-500 tabular-nums dark:text-neutral-400">{row.percent}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AuthorshipPassages({ report }: { report: AuthorshipReport }) {
  return (
    <section aria-labelledby="authorship-passages-title" className="flex flex-col gap-2">
      <h3 id="authorship-passages-title" className="text-sm font-semibold">
        AI passages ({report.passages.length})
      </h3>
      {report.passages.length === 0 ? (
        <p className="text-sm text-neutral-600 dark:text-neutral-400">No AI-written text in this document.</p>
      ) : (
        <ol className="flex max-h-[40vh] flex-col gap-2 overflow-y-auto pr-1" data-testid="authorship-passages" tabIndex={0} aria-labelledby="authorship-passages-title">
          {report.passages.map((passage, i) => (
            <li key={i} data-testid="authorship-passage" className="rounded-lg border border-neutral-200 px-3 py-2 dark:border-neutral-700">
              <p className="text-sm leading-6">“{passage.excerpt}”</p>
              <p className="mt-0.5 text-xs text-neutral-500 dark:text-neutral-400">
                {describeRun(passage, (iso) => versionTime(new Date(iso), new Date()))} · {passage.origin === "edited" ? "edited since" : "as written"} · {passage.words} {passage.words === 1 ? "word" : "words"}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function AuthorshipReportBody({ state }: { state: AuthorshipReportState }) {
  if (state.error) return <Alert testId="authorship-error">{state.error.message}</Alert>;
  if (!state.report) {
    return (
      <p role="status" className="flex items-center gap-2 text-sm text-neutral-600 dark:text-neutral-400">
        <Spinner /> Making the record…
      </p>
    );
  }
  const { report } = state;
  return (
    <div className="flex flex-col gap-4">
      <ShareByOrigin report={report} />
      <AuthorshipPassages report={report} />
      <ul className="flex flex-col gap-1 text-xs text-neutral-500 dark:text-neutral-400" data-testid="authorship-notes">
        {report.notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </div>
  );
}

/** The document's authorship record: the share by origin, the AI passages, and downloads as Markdown or JSON. */
export function AuthorshipReportDialog({ documentId, state, onClose }: AuthorshipReportDialogProps) {
  return (
    <Dialog
      open={state.open}
      title="Authorship report"
      description="Who wrote how much of this document, by words, as last saved."
      body={<AuthorshipReportBody state={state} />}
      onClose={onClose}
      testId="authorship-report"
      className="w-[min(40rem,calc(100vw-2rem))]"
    >
      <Button size="sm" disabled={!state.report} onClick={() => downloadFile(authorshipUrl(documentId, "markdown"))} data-testid="authorship-download-markdown">
        <DownloadIcon />
        Download Markdown
      </Button>
      <Button size="sm" disabled={!state.report} onClick={() => downloadFile(authorshipUrl(documentId, "json"))} data-testid="authorship-download-json">
        <DownloadIcon />
        Download JSON
      </Button>
      <Button size="sm" variant="primary" onClick={onClose} data-testid="authorship-close">
        Close
      </Button>
    </Dialog>
  );
}
