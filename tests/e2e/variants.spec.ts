import { expect, test, type Page } from "@playwright/test";
import { cycleSpot, findSpots, mixVariants } from "@/lib/editor/variants/spots";
import { StudioPage } from "./pages/studio-page";
import { TrackedEditsPanel } from "./pages/tracked-edits";
import { VariantsPanel } from "./pages/variants-panel";

// `[[vary=First|Second]]` makes the scripted model answer the k-th request with the same prompt with
// option k: the variants of one request differ, in whichever order they arrive. So every test reads the
// variants' texts from the cards, never assumes which option is A. Each test's text is its own (the
// count is per prompt).

/** Asks for the next edit request the studio sends and resolves with its body. */
const nextEdit = (page: Page) => page.waitForRequest((req) => req.url().endsWith("/api/edits")).then((req) => req.postDataJSON() as Record<string, unknown>);

/**
 * Types `text`, selects it, asks for `count` variants of Improve (optionally each from a model), and
 * waits for them. With `context`, that is a second paragraph (the prompt's surrounding document) and
 * only the first line is selected: its directives then stay out of the text the variants are compared with.
 */
async function improveWithVariants(page: Page, text: string, count: number, models?: string[], context?: string) {
  const studio = new StudioPage(page);
  const edits = new TrackedEditsPanel(page);
  const variants = new VariantsPanel(page);
  await studio.goto();
  await studio.typeInEditor(text);
  if (context) {
    await page.keyboard.press("Enter");
    await page.keyboard.type(context);
    // A triple click selects the whole first paragraph (Shift+End would stop at its first line's end when it wraps).
    await studio.document.locator("p").first().click({ clickCount: 3 });
  } else await studio.selectAllText();
  await studio.openAiActions();
  await variants.choose(count, models);
  await expect(variants.cost).toContainText(`tokens for ${count} variants`);
  await variants.done();
  // The estimate stays on the menu's Variants item: what asking costs shows before asking.
  await expect(page.getByTestId("ai-action-variants")).toContainText(`tokens for ${count} variants`);
  const request = nextEdit(page);
  await page.getByTestId("ai-action-improve").click();
  const body = await request;
  await expect(variants.panel).toBeVisible();
  await variants.waitUntilReady();
  await edits.waitForReview();
  return { studio, edits, variants, body, texts: await variants.texts() };
}

test.describe("variants side by side", () => {
  test("pick a whole variant: the document gets exactly its text as tracked changes, accepted as that text", async ({ page }) => {
    const options = ["Our small team shipped the new release on a quiet Monday morning.", "The whole crew shipped the release on Friday and everyone cheered."];
    const { studio, edits, variants, body, texts } = await improveWithVariants(page, `Our team shipped the release on Friday and we celebrated. [[vary=${options.join("|")}]]`, 2);

    expect(body).toMatchObject({ action: "improve", n: 2 });
    expect([...texts].sort()).toEqual([...options].sort());
    await expect(variants.cards).toHaveCount(2);
    await expect(variants.card(0).getByTestId("variant-label")).toHaveText("A · fake-model");
    // A streams into the document first.
    await variants.expectInDocument(0);
    expect(await edits.acceptedText(studio.document)).toBe(texts[0]);

    await variants.pick(1);
    await expect(edits.hunks.first()).toBeVisible();
    expect(await edits.acceptedText(studio.document)).toBe(texts[1]);
    await expect(variants.card(1).getByTestId("variant-pick")).toHaveAccessibleName("Variant B is in the document");

    await edits.acceptAll();
    expect(await studio.documentText()).toBe(texts[1]);
    // Accepted: the variants not taken go with the run.
    await expect(variants.panel).toBeHidden();
  });

  test("mix per hunk: cycling one change to the other variant's alternative, then Accept all, gives that mix", async ({ page }) => {
    const options = ["The town kept its old mill running through the cold winter.", "The hamlet kept its stone mill running through the long winter."];
    // The directive goes in the next paragraph: the options' words in it would otherwise be part of the original.
    const original = "The village kept its old mill running through the long winter.";
    const { studio, edits, variants, texts } = await improveWithVariants(page, original, 2, undefined, `[[vary=${options.join("|")}]]`);
    const first = studio.document.locator("p").first();

    // The first change in the text stands for the first spot variant A changes.
    const spots = findSpots(original, texts);
    const changed = spots.findIndex((spot) => spot.texts[0] !== original.slice(spot.start, spot.end));
    const mixed = mixVariants(original, spots, cycleSpot(spots, spots.map(() => 0), changed, 1));
    expect(mixed).not.toBe(texts[0]);
    expect(mixed).not.toBe(texts[1]);

    await edits.openCard((await edits.hunkIds())[0]!);
    await expect(variants.spotSwitcher.getByTestId("spot-label")).toHaveText("A 1/2");
    await variants.spotSwitcher.getByTestId("spot-next").click();
    await expect(variants.spotSwitcher.getByTestId("spot-label")).toHaveText("B 2/2");
    expect(await edits.acceptedText(first)).toBe(mixed);
    // Neither card is whole in the document now; both can still be picked.
    await expect(variants.panel.getByTestId("variants-status")).toContainText("A mix is in the document");
    await expect(page.getByTestId("last-spot-switcher").getByTestId("spot-label")).toHaveText("B 2/2");

    await edits.acceptAll();
    await expect(first).toHaveText(mixed);
    await expect(variants.panel).toBeHidden();
  });

  test("the spot switcher works from the keyboard and cycles back to the first alternative", async ({ page }) => {
    const options = ["Bright lamps lit the narrow street at dusk.", "Dim lanterns lit the narrow street at night."];
    const original = `Old lamps lit the narrow street at dusk. [[vary=${options.join("|")}]]`;
    const { studio, edits, variants, texts } = await improveWithVariants(page, original, 2);
    // From the text: Ctrl/⌘+Alt+↓ to the opening's change, then Tab into its card (◀ first, then ▶).
    await studio.document.press("ControlOrMeta+Home");
    await edits.press("next");
    await expect(variants.spotSwitcher).toBeVisible();
    const next = variants.spotSwitcher.getByTestId("spot-next");
    await expect(next).toHaveAccessibleName("Next variant for this change");
    await page.keyboard.press("Tab");
    await expect(variants.spotSwitcher.getByTestId("spot-previous")).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(next).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(variants.spotSwitcher.getByTestId("spot-label")).toHaveText("B 2/2");
    await variants.spotSwitcher.getByTestId("spot-previous").click();
    await expect(variants.spotSwitcher.getByTestId("spot-label")).toHaveText("A 1/2");
    expect(await edits.acceptedText(studio.document)).toBe(texts[0]);
    await edits.rejectAll();
    expect(await studio.documentText()).toBe(original);
  });

  test("a variant that changes nothing keeps the variants open to choose again; Close puts them away and keeps the text", async ({ page }) => {
    const original = "The garden was quiet in the early morning light.";
    const changed = "The garden lay silent in the first light of morning.";
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    const variants = new VariantsPanel(page);
    await studio.goto();
    await studio.typeInEditor(original);
    await page.keyboard.press("Enter");
    // The directive is in the next paragraph (the prompt's context): one variant can be the selection exactly.
    await page.keyboard.type(`[[vary=${changed}|${original}]]`);
    await studio.document.locator("p").first().click({ clickCount: 3 });
    await studio.openAiActions();
    await variants.choose(2);
    await variants.done();
    await page.getByTestId("ai-action-improve").click();
    await variants.waitUntilReady();
    const texts = await variants.texts();
    const same = texts.indexOf(original);
    expect(same).toBeGreaterThanOrEqual(0);

    // Whichever is in the document first: the one that changes the text, then the one that doesn't.
    if ((await variants.card(1 - same).getAttribute("data-selected")) !== "true") await variants.pick(1 - same);
    await expect(edits.hunks.first()).toBeVisible();
    await variants.pick(same);
    await expect(edits.hunks).toHaveCount(0);
    await expect(variants.panel).toBeVisible();
    await variants.pick(1 - same);
    expect(await edits.acceptedText(studio.document.locator("p").first())).toBe(changed);

    // Close: the text stays as it is (its changes still under review), the other variant is gone.
    await variants.pick(same);
    await page.getByTestId("variants-close").click();
    await expect(variants.panel).toBeHidden();
    await expect(studio.document.locator("p").first()).toHaveText(original);
  });

  test("typing elsewhere while the variants stream stays where it is typed, whole, as the writer's", async ({ page }) => {
    const studio = new StudioPage(page);
    const variants = new VariantsPanel(page);
    const first = "Our team shipped the release on Friday.";
    await studio.goto();
    await studio.typeInEditor(first);
    await page.keyboard.press("Enter");
    // The context paragraph slows the answers (a word every 60 ms) and makes them differ.
    await page.keyboard.type("[[delay=60]] [[vary=Our small team shipped the new release on a quiet Friday.|The whole crew shipped the release late on Friday night.]]");
    await studio.document.locator("p").first().click({ clickCount: 3 });
    await studio.openAiActions();
    await variants.choose(2);
    await variants.done();
    await page.getByTestId("ai-action-improve").click();
    await expect(variants.panel).toHaveAttribute("data-status", "streaming");
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type(" Typed while streaming.");
    await variants.waitUntilReady();
    // The run's end (each variant's restart, the last one's) never moved the caret into the rewrite.
    await expect(studio.document.locator("p").last()).toHaveText(/ Typed while streaming\.$/);
    await expect(studio.document.locator("p").first()).not.toContainText("Typed");
  });

  test("the default is the account's: set in Settings, the AI menu starts there; changed in the menu, Settings shows it", async ({ page }) => {
    const studio = new StudioPage(page);
    const variants = new VariantsPanel(page);
    await page.goto("/settings");
    const setting = page.getByTestId("variants-setting");
    await expect(setting.getByTestId("variants-default-1")).toHaveAttribute("aria-pressed", "true");
    const saved = page.waitForResponse((res) => res.url().endsWith("/api/account") && res.request().method() === "PATCH");
    await setting.getByTestId("variants-default-3").click();
    expect((await saved).status()).toBe(200);

    await studio.goto();
    await studio.typeInEditor("A sentence to rewrite. [[vary=One way to say it.|Another way to say it.|A third way to say it.]]");
    await studio.selectAllText();
    await studio.openAiActions();
    await expect(page.getByTestId("ai-action-variants")).toContainText("3");
    const request = nextEdit(page);
    await page.getByTestId("ai-action-improve").click();
    expect(await request).toMatchObject({ n: 3 });
    await variants.waitUntilReady();
    await expect(variants.cards).toHaveCount(3);

    // Two from the menu: the account's default now, in Settings too.
    await studio.openAiActions();
    const changed = page.waitForResponse((res) => res.url().endsWith("/api/account") && res.request().method() === "PATCH");
    await variants.choose(2);
    expect((await changed).status()).toBe(200);
    await page.goto("/settings");
    await expect(setting.getByTestId("variants-default-2")).toHaveAttribute("aria-pressed", "true");
  });

  test("on a phone the variants are cards to swipe, with arrows, and picking one works", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const options = ["Phones show one card at a time, and you swipe to the next one.", "On a small screen every variant gets a card of its own to read."];
    const { studio, edits, variants, texts } = await improveWithVariants(page, `Small screens show variants one by one. [[vary=${options.join("|")}]]`, 2);

    const row = page.getByTestId("variants-row");
    const inView = async (index: number) => {
      const [card, box] = await Promise.all([variants.card(index).boundingBox(), row.boundingBox()]);
      return card!.x >= box!.x - 1 && card!.x + card!.width <= box!.x + box!.width + 1;
    };
    expect(await inView(0)).toBe(true);
    expect(await inView(1)).toBe(false);
    // The arrows work from the keyboard too (the card of the change at the cursor may cover them on a phone).
    await page.getByTestId("variants-next").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => inView(1)).toBe(true);
    await variants.pick(1);
    expect(await edits.acceptedText(studio.document)).toBe(texts[1]);
    // Swiping back: the row scrolls sideways.
    await row.evaluate((element) => element.scrollTo({ left: 0 }));
    await expect.poll(() => inView(0)).toBe(true);
    for (const box of await Promise.all([variants.panel.boundingBox(), edits.bar.boundingBox()])) expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await edits.acceptAll();
    expect(await studio.documentText()).toBe(texts[1]);
  });

  test("compare models: each variant is labelled by its model, and the request names them", async ({ page }) => {
    const options = ["One model wrote this version of the sentence.", "Another model wrote that version of the sentence."];
    const { variants, body } = await improveWithVariants(page, `Two models each write a version. [[vary=${options.join("|")}]]`, 2, ["", "fake-model-small"]);
    expect(body).toMatchObject({ n: 2, models: ["fake-model", "fake-model-small"] });
    await expect(variants.card(0).getByTestId("variant-label")).toHaveText("A · fake-model");
    await expect(variants.card(1).getByTestId("variant-label")).toHaveText("B · fake-model-small");
  });

  test("with prices configured the estimate shows money; set to Off, an edit is one answer again", async ({ page }) => {
    const studio = new StudioPage(page);
    const variants = new VariantsPanel(page);
    await studio.goto();
    await studio.typeInEditor("Prices show before asking.");
    await studio.selectAllText();
    await studio.openAiActions();
    await variants.choose(3);
    await expect(variants.cost).toContainText(/tokens for 3 variants · about \$\d/);
    await variants.options.getByTestId("variants-count-1").click();
    await expect(variants.cost).toHaveCount(0);
    await variants.done();
    await expect(page.getByTestId("ai-action-variants")).toContainText("Variants: off");
    const request = nextEdit(page);
    await page.getByTestId("ai-action-fix").click();
    expect(await request).not.toHaveProperty("n");
    await expect(variants.panel).toBeHidden();
  });
});
