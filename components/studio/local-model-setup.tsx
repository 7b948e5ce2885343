"use client";

import { useEffect, useId, useRef } from "react";
import type { LocalModelDownloadJson, LocalModelReferenceJson } from "@/lib/contracts/local-model";
import { useLocalModel } from "@/hooks/use-local-model";
import { Button } from "@/components/ui/button";
import { CheckIcon, CloseIcon, DownloadIcon } from "@/components/ui/icons";
import { RetryAlert } from "@/components/ui/retry-alert";
import { Spinner } from "@/components/ui/spinner";

/** "577 KB", "312 MB", "1.1 GB" (decimal units, as download sizes are usually given). */
function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} B`;
}

const code = "rounded bg-amber-100 px-1 py-0.5 font-mono text-[0.85em] dark:bg-amber-500/20";

type DownloadModel = Extract<LocalModelReferenceJson, { kind: "download" }>;

function ModelFacts({ model }: { model: DownloadModel }) {
  return (
    <p data-testid="local-model-info" className="text-amber-900 dark:text-amber-200">
      <span className="font-medium">{model.label}</span>
      {model.approxBytes ? <> · about {formatBytes(model.approxBytes)}</> : null}
      {model.licence ? <> · {model.licence} licence</> : null} · runs inside this server: no API key, and your text stays here.
    </p>
  );
}

function DownloadProgress({ download, label }: { download: LocalModelDownloadJson; label: string }) {
  const { receivedBytes, totalBytes, state } = download;
  const verifying = state === "verifying";
  const value = totalBytes ? Math.min(100, Math.floor((receivedBytes / totalBytes) * 100)) : undefined;
  const amount = totalBytes ? `${formatBytes(receivedBytes)} of ${formatBytes(totalBytes)}` : formatBytes(receivedBytes);
  return (
    <div className="flex min-w-0 flex-1 flex-col gap-1">
      <div
        role="progressbar"
        aria-label={`Downloading ${label}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={verifying ? 100 : value}
        aria-valuetext={verifying ? "Verifying the download" : value === undefined ? amount : `${value}% (${amount})`}
        data-testid="local-model-progress"
        data-state={state}
        className="h-2 overflow-hidden rounded-full bg-amber-100 dark:bg-amber-500/20"
      >
        <div
          className={verifying || value === undefined ? "h-full w-full animate-pulse rounded-full bg-indigo-500/60" : "h-full rounded-full bg-indigo-500 transition-[width] duration-500"}
          style={verifying || value === undefined ? undefined : { width: `${value}%` }}
        />
      </div>
      <p className="text-xs text-amber-900 tabular-nums dark:text-amber-200" data-testid="local-model-progress-text">
        {verifying ? "Checking the file’s SHA-256 and format…" : value === undefined ? `${amount} downloaded` : `${value}% · ${amount}`}
      </p>
    </div>
  );
}

function OfflineInstructions({ model }: { model: DownloadModel }) {
  return (
    <div className="flex flex-col gap-1" data-testid="local-model-offline">
      <p>
        This server can’t reach the internet to download it. Copy a GGUF model file (such as{" "}
        <code className={code}>{model.fileName}</code>) into the <code className={code}>models</code> folder of the server’s data
        directory (<code className={code} data-testid="local-model-dir">DATA_DIR/models</code>, <code className={code}>./data/models</code>{" "}
        by default), then choose <span className="font-medium">Check again</span> or reload this page.
      </p>
      <p>
        From the command line, <code className={code}>npm run model:pull</code> downloads and verifies it once the server is online
        (or through a mirror set in <code className={code}>HF_ENDPOINT</code>).
      </p>
    </div>
  );
}

/**
 * The setup notice's offline option: download the embedded model into the server, with its
 * progress, or — when the server is offline — where to copy a model file by hand.
 */
export function LocalModelSetup({ onReady }: { onReady: () => void }) {
  const local = useLocalModel({ onReady });
  const headingId = useId();
  const downloadRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  // Where focus goes once the button that had it is replaced (Download ↔ Cancel).
  const focusNext = useRef<"download" | "cancel" | null>(null);

  const { status } = local;
  const downloading = local.downloading;
  useEffect(() => {
    const target = focusNext.current === "cancel" ? cancelRef.current : focusNext.current === "download" ? downloadRef.current : null;
    if (target) {
      target.focus();
      focusNext.current = null;
    }
  });

  if (!status) {
    if (local.loading) {
      return (
        <p className="flex items-center gap-2" data-testid="local-model-loading">
          <Spinner /> Checking whether an embedded model can be set up…
        </p>
      );
    }
    return local.error ? (
      <RetryAlert testId="local-model-error" retryTestId="local-model-retry" onRetry={() => void local.reload()}>
        {local.error.message}
      </RetryAlert>
    ) : null;
  }
  // LOCAL_MODEL=off: this server has no embedded model to offer.
  if (!status.reference) {
    return status.referenceError ? (
      <p data-testid="local-model-setup">
        <code className={code}>LOCAL_MODEL</code> can’t be read: {status.referenceError}
      </p>
    ) : null;
  }

  const reference = status.reference;
  const start = async () => {
    focusNext.current = "cancel";
    if (!(await local.start())) focusNext.current = null;
  };
  const cancel = async () => {
    focusNext.current = "download";
    await local.cancel();
  };

  let body;
  if (reference.kind === "file") {
    body = (
      <p>
        <code className={code}>LOCAL_MODEL</code> names the model file <code className={`${code} wrap-anywhere`}>{reference.fileName}</code>
        {status.present ? ", which can’t be used yet." : ", which isn’t there."} Put a GGUF model file at the path it names, then
        choose <span className="font-medium">Check again</span>.
      </p>
    );
  } else {
    const { download, canDownload } = status;
    const failed = download.state === "error";
    // Only an administrator may start or cancel it: anyone else is told who may, with no button that would fail.
    const refusal = (
      <p data-testid="local-model-admin-only" className="text-amber-900 dark:text-amber-200">
        {status.downloadRefusal}
      </p>
    );
    body = (
      <>
        <ModelFacts model={reference} />
        {downloading ? (
          <div className="flex items-center gap-3">
            <DownloadProgress download={download} label={reference.label} />
            {canDownload ? (
              <Button
                ref={cancelRef}
                size="sm"
                onClick={() => void cancel()}
                disabled={local.pending === "cancel"}
                data-testid="local-model-cancel"
              >
                {local.pending === "cancel" ? <Spinner /> : <CloseIcon />} Cancel
              </Button>
            ) : null}
          </div>
        ) : download.state === "done" ? (
          <p className="flex items-center gap-2" data-testid="local-model-done">
            <CheckIcon className="size-4 text-emerald-600 dark:text-emerald-400" /> Downloaded and verified. Starting the model…
          </p>
        ) : !canDownload ? (
          refusal
        ) : failed ? (
          <>
            <RetryAlert testId="local-model-error" retryTestId="local-model-retry" retryLabel="Try again" onRetry={() => void start()}>
              The download failed: {download.error?.message ?? "unknown error."}
            </RetryAlert>
            {status.online ? null : <OfflineInstructions model={reference} />}
          </>
        ) : status.online || local.pending === "start" ? (
          <Button
            ref={downloadRef}
            variant="primary"
            size="sm"
            className="self-start"
            onClick={() => void start()}
            disabled={local.pending === "start"}
            data-testid="local-model-download"
          >
            {local.pending === "start" ? <Spinner /> : <DownloadIcon />}
            Download {reference.approxBytes ? `(${formatBytes(reference.approxBytes)})` : "model"}
          </Button>
        ) : (
          <OfflineInstructions model={reference} />
        )}
        {local.error && status ? (
          <p role="alert" className="text-red-800 dark:text-red-200" data-testid="local-model-request-error">
            {local.error.message}
          </p>
        ) : null}
      </>
    );
  }

  return (
    <section
      aria-labelledby={headingId}
      // Inside the notice's live region: progress ticks stay quiet; the phase line below is announced.
      aria-live="off"
      data-testid="local-model-setup"
      data-online={reference.kind === "download" ? String(status.online) : undefined}
      className="flex flex-col gap-1.5 rounded-lg border border-amber-200 bg-white/70 px-3 py-2.5 dark:border-amber-500/30 dark:bg-amber-500/5"
    >
      <h3 id={headingId} className="font-medium">
        Write offline with an embedded model
      </h3>
      {body}
      <span className="sr-only" role="status" aria-live="polite">
        {reference.kind === "download" ? phaseAnnouncement(status.download.state) : ""}
      </span>
    </section>
  );
}

/** What a screen reader hears when the download changes phase (not every progress tick). */
function phaseAnnouncement(state: LocalModelDownloadJson["state"]): string {
  switch (state) {
    case "downloading":
      return "Downloading the model.";
    case "verifying":
      return "Verifying the download.";
    case "done":
      return "The model is downloaded.";
    case "error":
      return "The download failed.";
    default:
      return "";
  }
}
