import { WebhookSecretPanel } from "./webhook-secret-panel";
import { WebhookTestForm } from "./webhook-test-form";
import { WebhookVerifyHelp } from "./webhook-verify-help";

/** Settings → Webhooks: the signing secret, a test event, and how receivers verify deliveries. */
export function WebhookSettings() {
  return (
    <div className="flex flex-col gap-5">
      <WebhookSecretPanel />
      <div className="flex flex-col gap-2 border-t border-neutral-200 pt-4 dark:border-neutral-800">
        <h3 className="text-[13px] font-semibold">Send a test event</h3>
        <WebhookTestForm />
      </div>
      <WebhookVerifyHelp />
    </div>
  );
}
