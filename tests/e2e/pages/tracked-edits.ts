import { expect, type Locator, type Page } from "@playwright/test";

/** AI edits as tracked changes in the studio's document: the hunks, the card beside one, the run's bar. */
export class TrackedEditsPanel {
  readonly insertions: Locator;
  readonly deletions: Locator;
  readonly hunks: Locator;
  readonly pending: Locator;
  readonly bar: Locator;
  readonly card: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    const document = page.getByRole("textbox", { name: "Document", exact: true });
    this.insertions = document.locator("ins[data-suggestion-id]");
    this.deletions = document.locator("del[data-suggestion-id]");
    this.hunks = document.locator("[data-suggestion-id]");
    this.pending = document.locator(".dw-pending");
    this.bar = page.getByTestId("review-bar");
    this.card = page.getByTestId("suggestion-card");
    this.error = page.getByTestId("review-error");
  }

  /** Hunk ids in document order, each once. */
  async hunkIds(): Promise<string[]> {
    const ids = await this.hunks.evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-suggestion-id")!));
    return [...new Set(ids)];
  }

  /** The text of `scope` as it reads with its pending changes accepted. */
  async acceptedText(scope: Locator): Promise<string> {
    return scope.evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll("del[data-suggestion-id]").forEach((deleted) => deleted.remove());
      return (copy.textContent ?? "").trim();
    });
  }

  hunk(id: string): Locator {
    return this.hunks.and(this.page.locator(`[data-suggestion-id="${id}"]`));
  }

  /** Resolves once a change is in the text while the answer is still streaming. */
  async waitForChangeWhileStreaming(selector = "ins[data-suggestion-id]") {
    await this.page.waitForFunction(
      (sel) => document.querySelector(`[contenteditable] ${sel}`) !== null && document.querySelector("[data-testid='review-bar']")?.getAttribute("data-status") === "streaming",
      selector,
      { timeout: 20_000 },
    );
  }

  async waitForReview() {
    await expect(this.bar).toHaveAttribute("data-status", "review", { timeout: 20_000 });
  }

  async openCard(id: string) {
    await this.hunk(id).first().click();
    await expect(this.card).toHaveAttribute("data-suggestion-id", id);
  }

  async accept(id: string) {
    await this.openCard(id);
    await this.card.getByTestId("suggestion-accept").click();
    await expect(this.hunk(id)).toHaveCount(0);
  }

  async reject(id: string) {
    await this.openCard(id);
    await this.card.getByTestId("suggestion-reject").click();
    await expect(this.hunk(id)).toHaveCount(0);
  }

  async acceptAll() {
    await this.bar.getByTestId("review-accept-all").click();
    await expect(this.hunks).toHaveCount(0);
  }

  async rejectAll() {
    await this.bar.getByTestId("review-reject-all").click();
    await expect(this.hunks).toHaveCount(0);
  }

  /** Review keys: Ctrl/⌘+Alt with arrows, Enter and Backspace. */
  async press(action: "next" | "previous" | "accept" | "reject") {
    const key = { next: "ArrowDown", previous: "ArrowUp", accept: "Enter", reject: "Backspace" }[action];
    await this.page.keyboard.press(`ControlOrMeta+Alt+${key}`);
  }

  /** The AI runs with pending changes in the text, each once. */
  async runIds(): Promise<string[]> {
    const ids = await this.hunks.evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-run-id")!));
    return [...new Set(ids)];
  }

  /** Try again on the run in the bar; resolves with the request it sent. */
  async tryAgain(): Promise<Record<string, unknown>> {
    const request = this.page.waitForRequest((req) => /\/api\/(edits|write)$/.test(req.url()));
    await this.bar.getByTestId("review-try-again").click();
    return (await request).postDataJSON() as Record<string, unknown>;
  }

  /** A follow-up instruction on the run in the bar; resolves with the request it sent. */
  async followUp(instruction: string): Promise<Record<string, unknown>> {
    const request = this.page.waitForRequest((req) => /\/api\/edits$/.test(req.url()));
    await this.bar.getByTestId("review-follow-up").fill(instruction);
    await this.bar.getByTestId("review-follow-up-submit").click();
    return (await request).postDataJSON() as Record<string, unknown>;
  }
}
