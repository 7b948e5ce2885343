import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import type { JobDraftResult } from "@/lib/contracts/jobs";
import { JobsPage } from "./pages/jobs-page";
import { StudioPage } from "./pages/studio-page";
import { WebhookSettings } from "./pages/webhook-settings";

/**
 * The jobs page (drafts with live progress, cancel, filter, Load more, details, Open as
 * document) and Settings → Webhooks (secret shown once, rotation, test event). The scripted
 * upstream is slowed per call with `[[first=ms]]`: in the topic for the outline call, in the
 * tone for every call of the draft (section prompts carry the tone and audience, not the topic). Webhooks go to a receiver on 127.0.0.1:3992 (the e2e app allows private
 * URLs: WEBHOOK_ALLOW_PRIVATE=true in global setup).
 */

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

const receiverPort = Number(process.env.E2E_WEBHOOK_RECEIVER_PORT ?? 3992);
const receiverUrl = (path: string) => `http://127.0.0.1:${receiverPort}${path}`;
let receiver: Server;
const received: Received[] = [];

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(req.url?.startsWith("/fail") ? 500 : 200, { "Content-Type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(receiverPort, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

const sectionCount = (job: { result: unknown }) => (job.result as JobDraftResult | null)?.sections.length ?? 0;

test.describe("jobs page", () => {
  test("checks the form with the API's schema, then follows a draft's progress and opens it as a document", async ({ page }) => {
    const jobs = new JobsPage(page);
    await jobs.goto();
    await expect(jobs.empty).toBeVisible();
    await expect(page.getByRole("link", { name: "Jobs" })).toHaveAttribute("aria-current", "page");

    // Checked in the browser before anything is sent.
    let posted = false;
    page.on("request", (req) => {
      if (new URL(req.url()).pathname === "/api/jobs" && req.method() === "POST") posted = true;
    });
    await jobs.topic.fill("ab");
    await jobs.sections.fill("9");
    await jobs.submit.click();
    await jobs.expectFieldError(jobs.topic, /3/);
    await jobs.expectFieldError(jobs.sections, /7/);
    expect(posted).toBe(false);

    // Each model call (the outline, then each section) waits 1.5 s before it answers: the tone is in every prompt.
    const job = await jobs.startDraft({ topic: "Rooftop gardens in small cities", sections: 3, tone: "Practical [[first=1500]]" });
    await expect(jobs.topic).toHaveValue("");
    await expect(jobs.row(job.id)).toBeVisible();
    await expect(jobs.row(job.id).getByTestId("job-summary")).toContainText("Rooftop gardens");

    // Live: running, a section done and the bar part-way, without reloading.
    await jobs.expectStatus(job.id, "running");
    const sections = jobs.row(job.id).getByTestId("draft-section");
    // The scripted upstream's outline has as many sections as its sample, whatever was asked.
    await expect(sections.first()).toBeVisible({ timeout: 15_000 });
    await expect(jobs.row(job.id).locator('[data-testid="draft-section"][data-status="done"]').first()).toBeVisible({ timeout: 15_000 });
    await jobs.expectStatus(job.id, "running");
    const midway = Number(await jobs.progress(job.id).getAttribute("aria-valuenow"));
    expect(midway).toBeGreaterThan(0);
    expect(midway).toBeLessThan(100);
    await expect(jobs.row(job.id).getByTestId("job-cancel")).toBeVisible();

    await jobs.expectStatus(job.id, "succeeded", 30_000);
    await expect(jobs.progress(job.id)).toHaveAttribute("aria-valuenow", "100");
    await expect(jobs.row(job.id).getByTestId("job-progress-percent")).toHaveText("100%");
    await expect(jobs.row(job.id).getByTestId("job-finished")).toBeVisible();
    await expect(jobs.row(job.id).getByTestId("job-cancel")).toHaveCount(0);

    // Details: the article, usage, attempts, and no webhook deliveries (no webhook URL).
    await jobs.toggleDetails(job.id);
    await expect(jobs.row(job.id).getByTestId("job-toggle")).toHaveAttribute("aria-expanded", "true");
    const detail = jobs.row(job.id).getByTestId("job-detail");
    await expect(detail.getByTestId("job-attempts")).toHaveText("1");
    await expect(detail.getByTestId("job-usage-total")).not.toHaveText("0");
    await expect(detail.getByTestId("webhook-deliveries-empty")).toBeVisible();
    const finished = await jobs.getViaApi(job.id);
    const result = finished.result as JobDraftResult;
    expect(sectionCount(finished)).toBeGreaterThanOrEqual(3);
    await expect(detail.getByTestId("job-result").locator("h2")).toHaveText(result.sections.map((s) => s.heading));

    await jobs.openAsDocument(job.id);
    const studio = new StudioPage(page);
    await expect(studio.document).toBeVisible();
    await expect(studio.document.locator("h2")).toHaveText(result.sections.map((s) => s.heading));
    await expect(studio.title).toHaveValue(result.title);
  });

  test("shows the server's error next to the field it names", async ({ page }) => {
    const jobs = new JobsPage(page);
    await jobs.goto();
    // No webhook secret yet: the server refuses a webhook URL (422 webhook_secret_required, param webhook_url).
    await jobs.topic.fill("Bees on the balcony");
    await jobs.webhookUrl.fill(receiverUrl("/hook"));
    await jobs.submit.click();
    await jobs.expectFieldError(jobs.webhookUrl, /secret/i);
    await expect(jobs.rows).toHaveCount(0);
  });

  test("cancels a running draft", async ({ page }) => {
    const jobs = new JobsPage(page);
    await jobs.goto();
    const job = await jobs.startDraft({ topic: "A very slow article [[first=8000]]" });
    await jobs.expectStatus(job.id, "running");
    await jobs.cancel(job.id);
    await jobs.expectStatus(job.id, "cancelled");
    await expect(jobs.status(job.id)).toHaveText("Cancelled");
    await expect(jobs.row(job.id).getByTestId("job-cancel")).toHaveCount(0);
    await expect(jobs.row(job.id).getByTestId("job-open-document")).toHaveCount(0);
    // It stays cancelled (the run was stopped, not just hidden).
    await page.reload();
    await jobs.expectStatus(job.id, "cancelled");
  });

  test("lists jobs newest first, filters by status and loads more pages", async ({ page }) => {
    const jobs = new JobsPage(page);
    await jobs.goto();
    const failed = await jobs.submitViaApi({ type: "chat", input: { messages: [{ role: "user", content: "Fail please [[fail=400]]" }] }, metadata: { batch: "e2e" } });
    const ids: string[] = [];
    for (let i = 0; i < 21; i++) {
      ids.push((await jobs.submitViaApi({ type: "chat", input: { messages: [{ role: "user", content: `Note ${i}` }] } })).id);
    }
    await expect
      .poll(async () => {
        const res = await page.request.get("/api/jobs?limit=100");
        const list = (await res.json()) as { data: { status: string }[] };
        return list.data.filter((j) => j.status === "succeeded" || j.status === "failed").length;
      }, { timeout: 30_000 })
      .toBe(22);

    await jobs.goto();
    await expect(jobs.rows).toHaveCount(20);
    await expect(jobs.rows.first()).toHaveAttribute("data-job-id", ids.at(-1)!);
    await jobs.loadMore.click();
    await expect(jobs.rows).toHaveCount(22);
    await expect(jobs.rows.last()).toHaveAttribute("data-job-id", failed.id);
    await expect(jobs.loadMore).toHaveCount(0);

    await jobs.filter("failed");
    await expect(jobs.rows).toHaveCount(1);
    await expect(jobs.row(failed.id).getByTestId("job-error")).toBeVisible();
    await expect(jobs.row(failed.id).getByTestId("job-metadata")).toHaveText("batch=e2e");
    await jobs.filter("cancelled");
    await expect(jobs.empty).toContainText("No cancelled jobs");
    await jobs.filter("succeeded");
    await expect(jobs.rows).toHaveCount(20);

    // A job sent from elsewhere (the API, another tab) shows up on Refresh, on top.
    await jobs.filter("");
    const later = await jobs.submitViaApi({ type: "chat", input: { messages: [{ role: "user", content: "Later" }] } });
    await expect(jobs.row(later.id)).toHaveCount(0);
    await jobs.refresh();
    await expect(jobs.rows.first()).toHaveAttribute("data-job-id", later.id);
    await jobs.filter("succeeded");

    // Keyboard: the row's toggle expands its details.
    await jobs.row(ids.at(-1)!).getByTestId("job-toggle").focus();
    await page.keyboard.press("Enter");
    await expect(jobs.row(ids.at(-1)!).getByTestId("job-result")).toBeVisible();
  });
});

test.describe("settings: webhooks", () => {
  test("creates a secret shown once, rotates it after confirming, and sends a signed test event", async ({ page }) => {
    const settings = new WebhookSettings(page);
    await settings.goto();
    await expect(settings.status).toHaveAttribute("data-exists", "false");
    await expect(page.getByTestId("webhook-docs-link")).toHaveAttribute("href", "/docs");

    const first = await settings.createSecret();
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
    await expect(page.getByTestId("webhook-secret-warning")).toContainText("won't be shown again");
    await expect(settings.status).toHaveAttribute("data-exists", "true");

    // Gone after a reload: only that it exists and when it was made.
    await page.reload();
    await expect(settings.status).toHaveAttribute("data-exists", "true");
    await expect(settings.status).toContainText("created");
    await expect(settings.reveal).toHaveCount(0);
    await expect(page.getByText(first)).toHaveCount(0);

    // Rotating asks first; Cancel keeps the secret.
    await settings.rotate.click();
    await expect(settings.confirmDialog).toBeVisible();
    await settings.confirmDialog.getByRole("button", { name: "Cancel" }).click();
    await expect(settings.reveal).toHaveCount(0);
    const second = await settings.rotateSecret();
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    await expect(page.getByTestId("webhook-secret-warning")).toContainText("24 hours");
    await page.getByTestId("webhook-secret-done").click();
    await expect(settings.reveal).toHaveCount(0);

    // A test event reaches the receiver, signed with the new secret (and the previous one).
    const before = received.length;
    await settings.sendTestEvent(receiverUrl("/hook"));
    await expect(settings.testResult).toHaveAttribute("data-status", "delivered");
    await expect(settings.testResult).toContainText("HTTP 200");
    await expect(settings.testResult).toContainText(/\d+ ms/);
    expect(received.length).toBe(before + 1);
    const delivery = received.at(-1)!;
    const headers = Object.fromEntries(["webhook-id", "webhook-timestamp", "webhook-signature"].map((h) => [h, String(delivery.headers[h])]));
    expect(new Webhook(second).verify(delivery.body, headers)).toMatchObject({ type: "webhook.test" });
    expect(new Webhook(first).verify(delivery.body, headers)).toMatchObject({ type: "webhook.test" });

    // A receiver that fails: the status code is shown.
    await settings.sendTestEvent(receiverUrl("/fail"));
    await expect(settings.testResult).toHaveAttribute("data-status", "failed");
    await expect(settings.testResult).toContainText("HTTP 500");

    // A URL that isn't one is refused before sending.
    await settings.testUrl.fill("not a url");
    await settings.sendTest.click();
    await expect(settings.testUrl).toHaveAttribute("aria-invalid", "true");
  });

  test("a job with a webhook URL shows its delivery log", async ({ page }) => {
    const settings = new WebhookSettings(page);
    await settings.goto();
    await settings.createSecret();

    const jobs = new JobsPage(page);
    await jobs.goto();
    const job = await jobs.startDraft({ topic: "Tiny houses", webhookUrl: receiverUrl("/hook") });
    await jobs.expectStatus(job.id, "succeeded", 30_000);
    await jobs.toggleDetails(job.id);
    const log = jobs.row(job.id).getByTestId("webhook-deliveries");
    await expect(async () => {
      await log.getByTestId("webhook-deliveries-refresh").click();
      await expect(log.getByTestId("webhook-delivery")).toHaveAttribute("data-status", "delivered", { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    const delivery = log.getByTestId("webhook-delivery");
    await expect(delivery).toContainText("job.succeeded");
    await expect(delivery).toContainText(receiverUrl("/hook"));
    await expect(delivery.getByTestId("webhook-attempt")).toHaveCount(1);
    await expect(delivery.getByTestId("webhook-attempt-result")).toHaveText("HTTP 200");
  });
});
