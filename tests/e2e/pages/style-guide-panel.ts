import { expect, type Locator, type Page } from "@playwright/test";

export interface GuideFields {
  voice?: string;
  audience?: string;
  readingLevel?: "" | "simple" | "general" | "expert";
  termsToUse?: string[];
  termsToAvoid?: string[];
  example?: string;
}

/** A style guide's form, in the studio's panel or as the default in Settings. */
export class StyleGuideForm {
  readonly voice: Locator;
  readonly audience: Locator;
  readonly readingLevel: Locator;
  readonly termsToUse: Locator;
  readonly termsToAvoid: Locator;
  readonly example: Locator;
  readonly save: Locator;
  readonly status: Locator;
  readonly preview: Locator;
  readonly previewText: Locator;

  constructor(readonly root: Locator) {
    this.voice = root.getByTestId("style-guide-voice");
    this.audience = root.getByTestId("style-guide-audience");
    this.readingLevel = root.getByTestId("style-guide-reading-level");
    this.termsToUse = root.getByTestId("style-guide-terms-to-use");
    this.termsToAvoid = root.getByTestId("style-guide-terms-to-avoid");
    this.example = root.getByTestId("style-guide-example");
    this.save = root.getByTestId("style-guide-save");
    this.status = root.getByTestId("style-guide-status");
    this.preview = root.getByTestId("style-guide-preview");
    this.previewText = root.getByTestId("style-guide-preview-text");
  }

  async fill(fields: GuideFields) {
    if (fields.voice !== undefined) await this.voice.fill(fields.voice);
    if (fields.audience !== undefined) await this.audience.fill(fields.audience);
    if (fields.readingLevel !== undefined) await this.readingLevel.selectOption(fields.readingLevel);
    if (fields.termsToUse) await this.termsToUse.fill(fields.termsToUse.join("\n"));
    if (fields.termsToAvoid) await this.termsToAvoid.fill(fields.termsToAvoid.join("\n"));
    if (fields.example !== undefined) await this.example.fill(fields.example);
  }

  async saveGuide() {
    await this.save.click();
    await expect(this.status).toHaveText("Saved");
  }

  /** Opens "What the model is told" and answers its text. */
  async modelIsTold(): Promise<string> {
    if ((await this.preview.getAttribute("open")) === null) await this.preview.locator("summary").click();
    return (await this.previewText.innerText()).trim();
  }
}

/** The studio's Style guide panel (the tab beside the outline; a drawer on phones). */
export class StyleGuidePanel {
  readonly panel: Locator;
  readonly indicator: Locator;
  readonly form: StyleGuideForm;
  readonly summary: Locator;
  readonly preview: Locator;
  readonly previewText: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId("style-guide-panel");
    this.indicator = page.getByTestId("style-guide-indicator");
    this.form = new StyleGuideForm(this.panel.getByTestId("style-guide-form"));
    this.summary = this.panel.getByTestId("style-guide-summary");
    // The panel's own preview (with the default or none); the form has its own.
    this.preview = this.panel.getByTestId("style-guide-preview");
    this.previewText = this.panel.getByTestId("style-guide-preview-text");
  }

  /** Opens the panel from the header's indicator. */
  async open() {
    await this.indicator.click();
    await expect(this.panel).toBeVisible();
  }

  source(which: "default" | "own" | "none"): Locator {
    return this.panel.getByTestId(`style-guide-source-${which}`);
  }

  /** Which guide the panel says applies (its pressed choice). */
  async expectSource(which: "default" | "own" | "none") {
    await expect(this.source(which)).toHaveAttribute("aria-pressed", "true");
    await expect(this.indicator).toHaveAttribute("data-source", which);
  }

  async choose(which: "default" | "own" | "none") {
    await this.source(which).click();
    await expect(this.source(which)).toHaveAttribute("aria-pressed", "true");
  }

  /** Gives the document its own guide and saves it. */
  async setOwn(fields: GuideFields) {
    await this.choose("own");
    await this.form.fill(fields);
    await this.form.saveGuide();
    await expect(this.indicator).toHaveAttribute("data-source", "own");
  }

  async modelIsTold(): Promise<string> {
    if ((await this.preview.getAttribute("open")) === null) await this.preview.locator("summary").click();
    return (await this.previewText.innerText()).trim();
  }
}
