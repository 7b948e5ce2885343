import { expect, type Locator, type Page } from "@playwright/test";

/** The editor's own tools beside the AI: find and replace, links, headings, focus mode, the footer's counts. */
export class EditorTools {
  readonly findBar: Locator;
  readonly findInput: Locator;
  readonly findCount: Locator;
  readonly replaceInput: Locator;
  readonly replaceAllButton: Locator;
  readonly matches: Locator;
  readonly currentMatch: Locator;
  readonly linkBar: Locator;
  readonly linkInput: Locator;
  readonly linkRefused: Locator;
  readonly selectionCount: Locator;
  readonly focusModeButton: Locator;
  readonly insertToast: Locator;

  constructor(readonly page: Page) {
    this.findBar = page.getByTestId("find-bar");
    this.findInput = page.getByTestId("find-input");
    this.findCount = page.getByTestId("find-count");
    this.replaceInput = page.getByTestId("replace-input");
    this.replaceAllButton = page.getByTestId("replace-all");
    this.matches = page.locator("[data-testid='editor'] .dw-find-match");
    this.currentMatch = page.locator("[data-testid='editor'] .dw-find-current");
    this.linkBar = page.getByTestId("link-bar");
    this.linkInput = page.getByTestId("link-input");
    this.linkRefused = page.getByTestId("link-refused");
    this.selectionCount = page.getByTestId("selection-count");
    this.focusModeButton = page.getByTestId("focus-mode-button");
    this.insertToast = page.getByTestId("insert-toast");
  }

  headingButton(level: 1 | 2 | 3): Locator {
    return this.page.getByTestId(`heading-${level}`);
  }

  /** Pastes plain text into the document as the browser would (a paste event with clipboard data). */
  async paste(text: string) {
    await this.page.evaluate((value) => {
      const data = new DataTransfer();
      data.setData("text/plain", value);
      document.querySelector(".ProseMirror")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  }

  /** Ctrl/⌘+K with the current selection, then the address. */
  async linkSelection(address: string) {
    await this.page.keyboard.press("ControlOrMeta+K");
    await expect(this.linkInput).toBeFocused();
    await this.linkInput.fill(address);
    await this.linkInput.press("Enter");
  }

  async find(query: string) {
    await this.page.keyboard.press("ControlOrMeta+F");
    await expect(this.findInput).toBeFocused();
    await this.findInput.fill(query);
  }
}
