import { expect, type Locator, type Page } from "@playwright/test";

export type WriteActionId = "continue" | "improve" | "shorter" | "longer" | "fix" | "tone" | "summarize" | "custom";

/** The writing studio at `/`, as a person uses it. */
export class StudioPage {
  readonly editor: Locator;
  readonly document: Locator;
  readonly aiActionsButton: Locator;
  readonly aiActionsMenu: Locator;
  readonly suggestion: Locator;
  readonly suggestionText: Locator;
  readonly setupNotice: Locator;
  readonly saveStatus: Locator;
  readonly outlineSections: Locator;
  readonly draftProgress: Locator;
  readonly chatMessages: Locator;
  readonly assistantMessages: Locator;
  readonly chatInput: Locator;

  constructor(readonly page: Page) {
    this.editor = page.getByTestId("editor");
    this.document = page.getByRole("textbox", { name: "Document" });
    this.aiActionsButton = page.getByTestId("ai-actions-button");
    this.aiActionsMenu = page.getByTestId("ai-actions-menu");
    this.suggestion = page.getByTestId("suggestion");
    this.suggestionText = page.getByTestId("suggestion-text");
    this.setupNotice = page.getByTestId("setup-notice");
    this.saveStatus = page.getByTestId("save-status");
    this.outlineSections = page.getByTestId("outline-section");
    this.draftProgress = page.getByTestId("draft-progress");
    this.chatMessages = page.getByTestId("chat-message");
    this.assistantMessages = page.locator('[data-testid="chat-message"][data-role="assistant"]');
    this.chatInput = page.getByTestId("chat-input");
  }

  async goto(baseURL?: string) {
    await this.page.goto(baseURL ? new URL("/", baseURL).toString() : "/");
    await expect(this.document).toBeVisible();
  }

  // ----------------------------------------------------------------- editor

  async typeInEditor(text: string) {
    await this.document.click();
    await this.page.keyboard.type(text);
  }

  async selectAllText() {
    await this.document.click();
    await this.page.keyboard.press("ControlOrMeta+A");
  }

  async documentText(): Promise<string> {
    return (await this.document.innerText()).trim();
  }

  async waitUntilSaved() {
    await expect(this.saveStatus).toHaveAttribute("data-state", "saved");
  }

  // ----------------------------------------------------------------- AI actions

  async openAiActions(via: "button" | "shortcut" = "button") {
    if (via === "button") await this.aiActionsButton.click();
    else await this.page.keyboard.press("ControlOrMeta+J");
    await expect(this.aiActionsMenu).toBeVisible();
  }

  async chooseAction(action: WriteActionId) {
    await this.page.getByTestId(`ai-action-${action}`).click();
    await expect(this.suggestion).toBeVisible();
  }

  async waitForSuggestion() {
    await expect(this.suggestion).toHaveAttribute("data-status", /^(done|error)$/, { timeout: 20_000 });
  }

  async suggestionContent(): Promise<string> {
    return (await this.suggestionText.innerText()).trim();
  }

  async acceptReplace() {
    await this.page.getByTestId("suggestion-replace").click();
    await expect(this.suggestion).toBeHidden();
  }

  async insertBelow() {
    await this.page.getByTestId("suggestion-insert").click();
    await expect(this.suggestion).toBeHidden();
  }

  async discardSuggestion() {
    await this.page.getByTestId("suggestion-discard").click();
    await expect(this.suggestion).toBeHidden();
  }

  // ----------------------------------------------------------------- outline

  async generateOutline(topic: string) {
    await this.page.getByTestId("outline-topic").fill(topic);
    await this.page.getByTestId("outline-generate").click();
    // The editable sections replace the live preview once the outline is complete.
    await expect(this.page.getByTestId("outline-editor")).toBeVisible({ timeout: 20_000 });
  }

  section(index: number): Locator {
    return this.outlineSections.nth(index);
  }

  async sectionHeadings(): Promise<string[]> {
    return this.page.getByTestId("outline-section-heading").evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  }

  async renameSection(index: number, heading: string) {
    await this.section(index).getByTestId("outline-section-heading").fill(heading);
  }

  async deleteSection(index: number) {
    await this.section(index).getByRole("button", { name: "Delete section" }).click();
  }

  async moveSection(index: number, direction: "up" | "down") {
    await this.section(index).getByRole("button", { name: `Move section ${direction}` }).click();
  }

  async draftArticle() {
    await this.page.getByTestId("outline-draft").click();
  }

  async documentHeadings(level: 1 | 2 | 3 = 2): Promise<string[]> {
    return this.document.locator(`h${level}`).allInnerTexts();
  }

  // ----------------------------------------------------------------- chat

  async sendChat(text: string) {
    await this.chatInput.fill(text);
    await this.chatInput.press("Enter");
  }

  /** Re-resolved on every use: after another answer it is that one. */
  lastAssistantMessage(): Locator {
    return this.assistantMessages.last();
  }

  async waitForChatIdle() {
    await expect(this.page.getByTestId("chat-send")).toBeVisible({ timeout: 20_000 });
  }
}
