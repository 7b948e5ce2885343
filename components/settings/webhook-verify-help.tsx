/** How a receiver checks a delivery: the Standard Webhooks headers, and where the API docs are. */
export function WebhookVerifyHelp() {
  return (
    <div className="flex flex-col gap-1.5 text-[13px] leading-6 text-neutral-600 dark:text-neutral-400" data-testid="webhook-verify-help">
      <p>
        Jobs with a <code className="font-mono text-xs">webhook_url</code> are announced when they end (
        <code className="font-mono text-xs">job.succeeded</code>, <code className="font-mono text-xs">job.failed</code>,{" "}
        <code className="font-mono text-xs">job.cancelled</code>), following{" "}
        <a href="https://www.standardwebhooks.com/" target="_blank" rel="noopener noreferrer" className="text-indigo-600 underline underline-offset-2 dark:text-indigo-400">
          Standard Webhooks
        </a>
        . Each request carries <code className="font-mono text-xs">webhook-id</code>, <code className="font-mono text-xs">webhook-timestamp</code> and{" "}
        <code className="font-mono text-xs">webhook-signature</code> (<code className="font-mono text-xs">v1,</code> + base64 HMAC-SHA256 of{" "}
        <code className="font-mono text-xs">id.timestamp.body</code> keyed with your secret). Verify it with a Standard Webhooks library
        and reject old timestamps; a non-2xx answer is retried with backoff over several hours.
      </p>
      <p>
        <a href="/docs" className="font-medium text-indigo-600 underline underline-offset-2 dark:text-indigo-400" data-testid="webhook-docs-link">
          API docs: webhooks and verification snippets
        </a>
      </p>
    </div>
  );
}
