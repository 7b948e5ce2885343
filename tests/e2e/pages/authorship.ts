import { expect, type Locator, type Page } from "@playwright/test";

/** The authorship record in the studio: the Show AI text toggle with the AI share, the AI text, its record card. */
export class AuthorshipView {
  readonly toggle: Locator;
  readonly share: Locator;
  readonly card: Locator;
  readonly editorRoot: Locator;
  readonly aiText: Locator;

  constructor(readonly page: Page) {
    this.toggle = page.getByTestId("authorship-toggle");
    this.share = page.getByTestId("ai-share");
    this.card = page.getByTestId("authorship-card");
    this.editorRoot = page.getByTestId("editor");
    this.aiText = page.getByRole("textbox", { name: "Document", exact: true }).locator("span[data-authorship]");
  }

  /** AI text as written ("ai") or edited since ("edited"). */
  spans(origin: "ai" | "edited"): Locator {
    return this.aiText.and(this.page.locator(`[data-origin="${origin}"]`));
  }

  async show() {
    if ((await this.toggle.getAttribute("aria-pressed")) !== "true") await this.toggle.click();
    await expect(this.toggle).toHaveAttribute("aria-pressed", "true");
    await expect(this.editorRoot).toHaveClass(/\bdw-show-ai\b/);
  }

  /** The AI share in whole percent, as the toolbar shows it (nothing shown: 0). */
  async sharePercent(): Promise<number> {
    if ((await this.share.count()) === 0) return 0;
    return Number(await this.share.getAttribute("data-share"));
  }

  /** The highlight behind `span`: its computed background colour. */
  background(span: Locator): Promise<string> {
    return span.evaluate((element) => getComputedStyle(element).backgroundColor);
  }
}
