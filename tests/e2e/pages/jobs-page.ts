import { expect, type Locator, type Page } from "@playwright/test";
import type { JobJson } from "@/lib/contracts/jobs";

/** `/jobs`: the new-draft form, the list with live progress, and each job's details. */
export class JobsPage {
  readonly rows: Locator;
  readonly form: Locator;
  readonly topic: Locator;
  readonly sections: Locator;
  readonly tone: Locator;
  readonly audience: Locator;
  readonly webhookUrl: Locator;
  readonly submit: Locator;
  readonly statusFilter: Locator;
  readonly loadMore: Locator;
  readonly empty: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId("job-row");
    this.form = page.getByTestId("new-draft-form");
    this.topic = page.getByRole("textbox", { name: "Topic" });
    this.sections = page.getByRole("spinbutton", { name: "Sections (3–7)" });
    this.tone = page.getByRole("textbox", { name: "Tone (optional)" });
    this.audience = page.getByRole("textbox", { name: "Audience (optional)" });
    this.webhookUrl = page.getByRole("textbox", { name: "Webhook URL (optional)" });
    this.submit = page.getByTestId("draft-submit");
    this.statusFilter = page.getByTestId("jobs-status-filter");
    this.loadMore = page.getByTestId("jobs-load-more");
    this.empty = page.getByTestId("jobs-empty");
  }

  async goto() {
    await this.page.goto("/jobs");
    await expect(this.page.getByRole("heading", { name: "Jobs", level: 1 })).toBeVisible();
    await expect(this.page.locator('section[aria-label="Jobs"][aria-busy="false"]')).toBeVisible();
  }

  /** Fills and sends the new-draft form; resolves with the job the server queued. */
  async startDraft({ topic, sections = 3, tone, audience, webhookUrl }: { topic: string; sections?: number; tone?: string; audience?: string; webhookUrl?: string }): Promise<JobJson> {
    await this.topic.fill(topic);
    await this.sections.fill(String(sections));
    if (tone !== undefined) await this.tone.fill(tone);
    if (audience !== undefined) await this.audience.fill(audience);
    if (webhookUrl !== undefined) await this.webhookUrl.fill(webhookUrl);
    const response = this.page.waitForResponse((res) => new URL(res.url()).pathname === "/api/jobs" && res.request().method() === "POST");
    await this.submit.click();
    const res = await response;
    expect(res.status()).toBe(202);
    return (await res.json()) as JobJson;
  }

  /** A field's error is shown under it and is the control's accessible description. */
  async expectFieldError(field: Locator, message: string | RegExp) {
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(message);
  }

  row(jobId: string): Locator {
    return this.page.locator(`[data-testid="job-row"][data-job-id="${jobId}"]`);
  }

  status(jobId: string): Locator {
    return this.row(jobId).getByTestId("job-status");
  }

  progress(jobId: string): Locator {
    return this.row(jobId).getByRole("progressbar");
  }

  async expectStatus(jobId: string, status: JobJson["status"], timeout?: number) {
    await expect(this.row(jobId)).toHaveAttribute("data-status", status, timeout ? { timeout } : undefined);
  }

  async toggleDetails(jobId: string) {
    await this.row(jobId).getByTestId("job-toggle").click();
  }

  async cancel(jobId: string) {
    await this.row(jobId).getByTestId("job-cancel").click();
  }

  async openAsDocument(jobId: string) {
    await this.row(jobId).getByTestId("job-open-document").click();
    await expect(this.page).toHaveURL(/\/d\/[0-9a-f-]{36}$/);
  }

  async filter(status: string) {
    await this.statusFilter.selectOption(status);
    await expect(this.page.locator('section[aria-label="Jobs"][aria-busy="false"]')).toBeVisible();
  }

  /** Loads the first page again (jobs sent elsewhere meanwhile show up). */
  async refresh() {
    await this.page.getByTestId("jobs-refresh").click();
    await expect(this.page.locator('section[aria-label="Jobs"][aria-busy="false"]')).toBeVisible();
  }

  /** Queues a job through the session route (as another tab would), without the form. */
  async submitViaApi(body: unknown): Promise<JobJson> {
    const res = await this.page.request.post("/api/jobs", { data: body });
    expect(res.status()).toBe(202);
    return (await res.json()) as JobJson;
  }

  async getViaApi(jobId: string): Promise<JobJson> {
    const res = await this.page.request.get(`/api/jobs/${jobId}`);
    expect(res.status()).toBe(200);
    return (await res.json()) as JobJson;
  }
}
