import { expect, type Locator, type Page } from "@playwright/test";

/** A message's own buttons, by what they do. */
const messageButtons = {
  apply: "chat-apply",
  insert: "chat-insert",
  previousVersion: "answer-version-previous",
  nextVersion: "answer-version-next",
  retry: "answer-retry",
} as const;

/** The chat beside a document in the studio (`/d/{id}`), as a person uses it. */
export class ChatPanel {
  readonly messages: Locator;
  readonly assistantMessages: Locator;
  readonly input: Locator;
  readonly sendButton: Locator;
  readonly stopButton: Locator;
  readonly error: Locator;
  readonly picker: Locator;
  readonly pickerButton: Locator;
  readonly menu: Locator;
  readonly options: Locator;

  constructor(readonly page: Page) {
    this.messages = page.getByTestId("chat-message");
    this.assistantMessages = page.locator('[data-testid="chat-message"][data-role="assistant"]');
    this.input = page.getByTestId("chat-input");
    this.sendButton = page.getByTestId("chat-send");
    this.stopButton = page.getByTestId("chat-stop");
    this.error = page.getByTestId("chat-error");
    this.picker = page.getByTestId("conversation-picker");
    this.pickerButton = page.getByTestId("conversation-picker-button");
    this.menu = page.getByTestId("conversation-menu");
    this.options = this.menu.getByTestId("conversation-option");
  }

  // ----------------------------------------------------------------- navigation

  /** The writer's latest document (a new guest gets a fresh "Untitled" one); returns its id. */
  async openStudio(): Promise<string> {
    await this.page.goto("/");
    await this.page.waitForURL(/\/d\/[0-9a-f-]{36}$/);
    await this.waitUntilLoaded();
    return this.documentId();
  }

  async openDocument(id: string) {
    await this.page.goto(`/d/${id}`);
    await this.waitUntilLoaded();
  }

  /** A second document of the same writer, through the API. */
  async createDocument(title: string): Promise<string> {
    const response = await this.page.request.post("/api/documents", { data: { title } });
    expect(response.status()).toBe(201);
    const { document } = (await response.json()) as { document: { id: string } };
    return document.id;
  }

  documentId(): string {
    const id = /\/d\/([0-9a-f-]{36})/.exec(this.page.url())?.[1];
    if (!id) throw new Error(`Not on a document page: ${this.page.url()}`);
    return id;
  }

  async reload() {
    await this.page.reload();
    await this.waitUntilLoaded();
  }

  /** The panel has fetched the document's chats and opened one. */
  async waitUntilLoaded() {
    await expect(this.page.getByTestId("chat-loading")).toBeHidden({ timeout: 20_000 });
    await expect(this.pickerButton).toBeVisible();
  }

  // ----------------------------------------------------------------- the chat's hands on the document

  /** The selection chip above the message box ("Ask about selection"). */
  get attachment(): Locator {
    return this.page.getByTestId("chat-attachment");
  }

  /** What the last Apply / Insert did, or why it couldn't. */
  get editNotice(): Locator {
    return this.page.getByTestId("chat-edit-notice");
  }

  /** Attaches the text selected in the document to the next message. */
  async askAboutSelection() {
    await this.page.getByTestId("chat-ask-selection").click();
    await expect(this.attachment).toBeVisible();
  }

  /** The passage a sent question was asked about, shown above it. */
  quotedSelection(message: Locator): Locator {
    return message.getByTestId("chat-message-selection");
  }

  /** Clicks one of a message's own buttons: Apply as changes, Insert at cursor, ‹ › between versions, Retry. */
  async clickOn(message: Locator, button: keyof typeof messageButtons) {
    await message.getByTestId(messageButtons[button]).click();
  }

  // ----------------------------------------------------------------- messages

  async send(text: string) {
    await this.input.fill(text);
    await this.input.press("Enter");
  }

  async ask(text: string) {
    await this.send(text);
    await this.waitForIdle();
  }

  async waitForIdle() {
    await expect(this.sendButton).toBeVisible({ timeout: 20_000 });
  }

  /** Re-resolved on every use: after another answer it is that one. */
  lastAnswer(): Locator {
    return this.assistantMessages.last();
  }

  content(message: Locator): Locator {
    return message.getByTestId("chat-message-content");
  }

  async words(message: Locator): Promise<string[]> {
    return (await this.content(message).innerText()).trim().split(/\s+/).filter(Boolean);
  }

  stoppedBadge(message: Locator): Locator {
    return message.getByTestId("stopped-badge");
  }

  continueButton(message: Locator): Locator {
    return message.getByTestId("continue-button");
  }

  async regenerate() {
    await this.lastAnswer().getByTestId("chat-regenerate").click();
    await this.waitForIdle();
  }

  /** "2 / 3" under a regenerated answer. */
  versionIndex(answer: Locator): Locator {
    return answer.getByTestId("answer-version-index");
  }

  /** "No answer" under a question whose answer failed, with its Retry. */
  unanswered(question: Locator): Locator {
    return question.getByTestId("unanswered");
  }

  // ----------------------------------------------------------------- waiting on the model

  /** The wait before the model's first word: time waited, what is happening, Stop. */
  get wait(): Locator {
    return this.page.getByTestId("model-wait");
  }

  get waitElapsed(): Locator {
    return this.wait.getByTestId("model-wait-elapsed");
  }

  get waitNote(): Locator {
    return this.wait.getByTestId("model-wait-note");
  }

  get waitStop(): Locator {
    return this.wait.getByTestId("model-wait-stop");
  }

  /** Lets a long answer stream until it has more than `words` words, then presses Stop. */
  async stopAfter(words: number) {
    const answer = this.assistantMessages.last();
    await expect.poll(async () => (await this.words(answer)).length, { timeout: 20_000 }).toBeGreaterThan(words);
    await this.stopButton.click();
    await expect(this.stopButton).toBeHidden();
  }

  // ----------------------------------------------------------------- conversations

  async currentTitle(): Promise<string> {
    return (await this.pickerButton.innerText()).trim();
  }

  async openMenu() {
    await this.pickerButton.click();
    await expect(this.menu).toBeVisible();
  }

  async optionTitles(): Promise<string[]> {
    await this.openMenu();
    const titles = (await this.options.allInnerTexts()).map((t) => t.replace("(open)", "").trim());
    await this.page.keyboard.press("Escape");
    await expect(this.menu).toBeHidden();
    return titles;
  }

  async newChat() {
    await this.picker.getByTestId("new-chat").click();
    await expect(this.messages).toHaveCount(0);
  }

  async switchTo(title: string | RegExp) {
    await this.openMenu();
    await this.options.filter({ hasText: title }).click();
    await expect(this.menu).toBeHidden();
    await expect(this.pickerButton).toContainText(title);
    await this.waitUntilLoaded();
  }

  async rename(title: string) {
    await this.openMenu();
    await this.menu.getByTestId("conversation-rename").click();
    const input = this.picker.getByTestId("conversation-title-input");
    await input.fill(title);
    await input.press("Enter");
    await expect(this.pickerButton).toHaveText(title);
  }

  async deleteCurrent() {
    await this.openMenu();
    await this.menu.getByTestId("conversation-delete").click();
    const confirm = this.picker.getByTestId("conversation-delete-confirm");
    await confirm.click();
    await expect(confirm).toBeHidden();
    await this.waitUntilLoaded();
  }
}
