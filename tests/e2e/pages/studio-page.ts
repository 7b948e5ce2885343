import { expect, type Locator, type Page } from "@playwright/test";


/** The writing studio on one document (`/` opens the latest at `/d/{id}`), as a person uses it. */
export class StudioPage {
  readonly editor: Locator;
  readonly document: Locator;
  readonly aiActionsButton: Locator;
  readonly aiActionsMenu: Locator;
  readonly setupNotice: Locator;
  readonly saveState: Locator;
  readonly title: Locator;
  readonly conflictDialog: Locator;
  readonly historyPanel: Locator;
  readonly outlineSections: Locator;
  readonly draftProgress: Locator;
  readonly chatMessages: Locator;
  readonly assistantMessages: Locator;
  readonly chatInput: Locator;

  constructor(readonly page: Page) {
    this.editor = page.getByTestId("editor");
    this.document = page.getByRole("textbox", { name: "Document", exact: true });
    this.aiActionsButton = page.getByTestId("ai-actions-button");
    this.aiActionsMenu = page.getByTestId("ai-actions-menu");
    this.setupNotice = page.getByTestId("setup-notice");
    this.saveState = page.getByTestId("save-state");
    this.title = page.getByTestId("document-title");
    this.conflictDialog = page.getByTestId("conflict-dialog");
    this.historyPanel = page.getByTestId("history-panel");
    this.outlineSections = page.getByTestId("outline-section");
    this.draftProgress = page.getByTestId("draft-progress");
    this.chatMessages = page.getByTestId("chat-message");
    this.assistantMessages = page.locator('[data-testid="chat-message"][data-role="assistant"]');
    this.chatInput = page.getByTestId("chat-input");
  }

  /** `/` signs a first visitor in as a guest and opens their latest document (a new one at first). */
  async goto(baseURL?: string) {
    await this.page.goto(baseURL ? new URL("/", baseURL).toString() : "/");
    await expect(this.page).toHaveURL(/\/d\/[0-9a-f-]{36}$/);
    await expect(this.document).toBeVisible();
  }

  /** A document by id, in this page's session. */
  async open(documentId: string) {
    await this.page.goto(`/d/${documentId}`);
    await expect(this.document).toBeVisible();
  }

  documentId(): string {
    const match = /\/d\/([0-9a-f-]{36})/.exec(this.page.url());
    if (!match) throw new Error(`Not on a document page: ${this.page.url()}`);
    return match[1]!;
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

  /** Double-clicks `word` in the document, selecting it with the mouse. */
  async doubleClickWord(word: string) {
    const point = await this.wordPoint(word, "middle");
    await this.page.mouse.dblclick(point.x, point.y);
  }

  /** Clicks right after `word` in the document, putting the caret there. */
  async clickAfter(word: string) {
    const point = await this.wordPoint(word, "end");
    await this.page.mouse.click(point.x, point.y);
  }

  /** Where the first `word` of the document is on screen: its middle, or just inside its last letter. */
  private wordPoint(word: string, where: "middle" | "end"): Promise<{ x: number; y: number }> {
    return this.page.evaluate(
      ([target, at]) => {
        const root = document.querySelector("[contenteditable='true']")!;
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const start = node.textContent!.indexOf(target);
          if (start < 0) continue;
          const range = document.createRange();
          range.setStart(node, at === "end" ? start + target.length - 1 : start);
          range.setEnd(node, start + target.length);
          const rect = range.getBoundingClientRect();
          return at === "end" ? { x: rect.right - 1, y: rect.top + rect.height / 2 } : { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
        }
        throw new Error(`${target} is not in the document`);
      },
      [word, where] as const,
    );
  }

  async documentText(): Promise<string> {
    return (await this.document.innerText()).trim();
  }

  async waitUntilSaved() {
    await expect(this.saveState).toHaveAttribute("data-state", "saved");
  }

  /** What this device still holds unsaved for the document (localStorage), or null. */
  async pendingChanges(): Promise<{ content: unknown; base_version: number } | null> {
    const id = this.documentId();
    return this.page.evaluate((key) => {
      const raw = localStorage.getItem(key);
      return raw ? (JSON.parse(raw) as { content: unknown; base_version: number }) : null;
    }, `draftwise:pending:${id}`);
  }

  // ----------------------------------------------------------------- conflicts, history, export

  async merge() {
    await this.conflictDialog.getByTestId("conflict-merge").click();
    await expect(this.conflictDialog).toBeHidden();
  }

  async openHistory() {
    await this.page.getByTestId("history-button").click();
    await expect(this.historyPanel).toBeVisible();
  }

  historyVersions(): Locator {
    return this.historyPanel.getByTestId("history-version");
  }

  async exportAs(format: "md" | "html" | "docx") {
    await this.page.getByTestId("export-menu").click();
    const download = this.page.waitForEvent("download");
    await this.page.getByTestId(`export-${format}`).click();
    return download;
  }

  // ----------------------------------------------------------------- AI actions

  async openAiActions(via: "button" | "shortcut" = "button") {
    if (via === "button") await this.aiActionsButton.click();
    else await this.page.keyboard.press("ControlOrMeta+J");
    await expect(this.aiActionsMenu).toBeVisible();
  }

  /** Opens the AI actions at the selection or caret and runs one (`ai-action-<action>`). */
  async runAiAction(action: string, via: "button" | "shortcut" = "button") {
    await this.openAiActions(via);
    await this.page.getByTestId(`ai-action-${action}`).click();
  }

  /** Types `text` into the document, selects all of it and runs an AI action on it. */
  async runAiActionOn(text: string, action: string) {
    await this.typeInEditor(text);
    await this.selectAllText();
    await this.runAiAction(action);
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

  /** "Redraft" on an outline section: its text in the document, rewritten as tracked changes. */
  async redraftSection(index: number) {
    await this.section(index).getByTestId("outline-section-redraft").click();
  }

  /** The document's top-level blocks, each with the index of the H2 section it is in (-1 before the first). */
  async blocksBySection(): Promise<{ section: number; tag: string; text: string; suggested: boolean }[]> {
    return this.document.evaluate((root) => {
      let section = -1;
      return Array.from(root.children).map((el) => {
        if (el.tagName === "H2") section++;
        return { section, tag: el.tagName, text: el.textContent?.trim() ?? "", suggested: el.querySelector("[data-suggestion-id]") !== null };
      });
    });
  }

  /** Lock (or unlock) an outline section: drafting leaves it as it is. */
  async toggleSectionLock(index: number) {
    await this.section(index).getByTestId("outline-section-lock").click();
  }

  async draftFromHere(index: number) {
    await this.section(index).getByTestId("outline-section-draft-from-here").click();
  }

  /** What an outline section's card says about it: not-drafted, drafting, drafted or locked. */
  sectionState(index: number): Promise<string | null> {
    return this.section(index).getAttribute("data-state");
  }

  /** Waits for drafting to end with every section drafted. */
  async waitForDraftDone() {
    await expect(this.page.getByTestId("draft-status")).toContainText("Drafted", { timeout: 30_000 });
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
