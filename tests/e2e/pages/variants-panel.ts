import { expect, type Locator, type Page } from "@playwright/test";

/** A run's variants in the studio: the Variants step of the AI actions, the cards, and the spot switchers. */
export class VariantsPanel {
  readonly panel: Locator;
  readonly cards: Locator;
  readonly options: Locator;
  readonly cost: Locator;
  readonly spotSwitcher: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId("variants-panel");
    this.cards = page.getByTestId("variant-card");
    this.options = page.getByTestId("variants-options");
    this.cost = page.getByTestId("variants-cost");
    this.spotSwitcher = page.getByTestId("suggestion-card").getByTestId("spot-switcher");
  }

  card(index: number): Locator {
    return this.cards.and(this.page.locator(`[data-variant="${index}"]`));
  }

  /**
   * In the open AI actions menu: asks for `count` variants (1 is off), optionally each with a model
   * (by id, "" for the studio's), and returns to the menu.
   */
  async choose(count: number, models?: string[]) {
    await this.page.getByTestId("ai-action-variants").click();
    await expect(this.options).toBeVisible();
    await this.options.getByTestId(`variants-count-${count}`).click();
    if (models) {
      const compare = this.options.getByTestId("variants-compare");
      if ((await compare.getAttribute("aria-checked")) !== "true") await compare.click();
      for (const [i, model] of models.entries()) await this.options.getByTestId(`variants-model-${i}`).selectOption(model);
    }
  }

  async done() {
    await this.options.getByTestId("variants-done").click();
    await expect(this.page.getByTestId("ai-actions-menu")).toBeVisible();
  }

  async waitUntilReady() {
    await expect(this.panel).toHaveAttribute("data-status", "ready", { timeout: 20_000 });
  }

  /** Each card's text, in variant order. */
  async texts(): Promise<string[]> {
    return (await this.cards.getByTestId("variant-text").allInnerTexts()).map((text) => text.trim());
  }

  async pick(index: number) {
    await this.card(index).getByTestId("variant-pick").click();
    await expect(this.card(index)).toHaveAttribute("data-selected", "true");
  }

  /** The card's variant is the one in the document. */
  async expectInDocument(index: number) {
    await expect(this.card(index)).toHaveAttribute("data-selected", "true");
  }
}
