import { expect, test, type Page } from "@playwright/test";
import { localModelCatalog, defaultLocalModelId } from "@/lib/ai/local-models";
import { startApp, type AppServer } from "../fixtures/app-server";
import { tinyModelBytes } from "../fixtures/gguf/write-model";
import { startModelServer, type ModelServer } from "../fixtures/model-server";
import { LocalModelSetup } from "./pages/local-model-setup";
import { testPassword, uniqueEmail } from "./pages/sign-up-page";
import { StudioPage } from "./pages/studio-page";
import { TrackedEditsPanel } from "./pages/tracked-edits";

/**
 * The setup notice's embedded model (docs/local-model.md#in-the-studio): on a server with no provider it
 * offers the default model, downloads it with visible progress (from a stand-in for Hugging
 * Face serving a generated model, slowly enough to watch and cancel), and once it is verified
 * the notice goes away and the studio writes with it. A server that can't reach the download
 * host explains how to copy a model file in instead. Each case has an app instance of its own
 * (the download changes the server), started here: ports E2E_LOCAL_MODEL_PORT (3480) and the next.
 */

const port = Number(process.env.E2E_LOCAL_MODEL_PORT ?? 3480);
const entry = localModelCatalog.find((m) => m.id === defaultLocalModelId)!;
const noProvider = { OLLAMA_DETECT: "false", LOCAL_MODEL: "" };

/**
 * The download changes the server for everyone, so it is an administrator's (with ADMIN_EMAILS
 * unset, as here: any signed-in account, never a guest). Signs the page's browser up, as the form does.
 */
async function signUp(page: Page) {
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: uniqueEmail("operator"), password: testPassword, mode: "sign-up", callbackUrl: "/" },
    headers: { "X-Auth-Return-Redirect": "1" },
  });
  expect(res.ok()).toBe(true);
}

test.describe("downloading the embedded model", () => {
  test.describe.configure({ mode: "serial" });
  test.use({ baseURL: `http://127.0.0.1:${port}` });

  const files: Record<string, Buffer> = {};
  let models: ModelServer;
  let app: AppServer;

  test.beforeAll(async () => {
    test.setTimeout(60_000);
    // About 5 s for the 0.6 MB model: long enough to see the bar move and to cancel midway.
    models = await startModelServer({ files, bytesPerSecond: 120_000 });
    app = await startApp(port, {
      ...noProvider,
      HF_ENDPOINT: models.url,
      LOCAL_MODEL_THREADS: "1",
      MODEL_MAX_OUTPUT_TOKENS: "48",
    });
  });

  test.afterAll(async () => {
    await app?.stop();
    await models?.close();
  });

  test("a guest is told who may download the model instead of being offered a button", async ({ page }) => {
    const studio = new StudioPage(page);
    const local = new LocalModelSetup(page);
    await studio.goto();
    await expect(local.info).toContainText(entry.label);
    await expect(local.adminOnly).toContainText("sign up or sign in");
    await expect(local.downloadButton).toHaveCount(0);
  });

  test("the setup notice offers the default model with its size and licence", async ({ page }) => {
    const studio = new StudioPage(page);
    const local = new LocalModelSetup(page);
    await signUp(page);
    await studio.goto();
    await expect(studio.setupNotice).toBeVisible();
    await expect(local.heading).toBeVisible();
    await expect(local.info).toContainText(entry.label);
    await expect(local.info).toContainText("1.1 GB");
    await expect(local.info).toContainText(entry.licence);
    await expect(local.downloadButton).toBeVisible();
    await expect(local.downloadButton).toHaveAccessibleName(/Download/);
    await expect(local.offline).toHaveCount(0);
    await expect(local.progress).toHaveCount(0);
  });

  test("a failed download says why and can be tried again", async ({ page }) => {
    const studio = new StudioPage(page);
    const local = new LocalModelSetup(page);
    await signUp(page);
    await studio.goto();
    // Nothing is served yet: the host answers 404.
    await local.downloadButton.click();
    await expect(local.error).toContainText("The download failed");
    await expect(local.retryButton).toBeVisible();
    await expect(local.downloadButton).toHaveCount(0);

    files[entry.fileName] = tinyModelBytes();
    await local.retryButton.click();
    await local.expectProgress();
    await expect(local.error).toHaveCount(0);
    // Stopped midway: the partial file stays for the next try.
    await local.cancel();
    await expect(local.downloadButton).toBeFocused();
  });

  test("the download shows its progress, resumes, and the studio then writes with the local model", async ({ page }) => {
    test.setTimeout(90_000);
    const studio = new StudioPage(page);
    const local = new LocalModelSetup(page);
    await signUp(page);
    await studio.goto();
    await expect(local.downloadButton).toBeVisible();
    // Started from the keyboard: focus moves to Cancel while it runs.
    await local.downloadButton.focus();
    await page.keyboard.press("Enter");
    await local.expectProgress();
    await expect(local.cancelButton).toBeFocused();
    await expect(local.progress).toHaveAttribute("aria-valuetext", /%/);
    await expect(local.progressText).toContainText("KB");

    const seen = new Set<number>();
    await expect
      .poll(
        async () => {
          for (const value of await local.progress.evaluateAll((bars) => bars.map((bar) => bar.getAttribute("aria-valuenow")))) {
            if (value) seen.add(Number(value));
          }
          return studio.setupNotice.isVisible();
        },
        { timeout: 30_000, intervals: [100] },
      )
      .toBe(false);
    // The bar moved through several values on the way.
    expect(seen.size).toBeGreaterThan(1);

    // The second download picked up where the cancelled one stopped.
    const gets = models.requests.filter((r) => r.method === "GET" && r.path.endsWith(`/${entry.fileName}`));
    expect(gets.some((r) => r.range?.startsWith("bytes="))).toBe(true);

    const status = (await (await page.request.get("/api/status")).json()) as { configured: boolean; provider: string | null };
    expect(status).toMatchObject({ configured: true, provider: "local" });

    await studio.sendChat("Say something, please.");
    await studio.waitForChatIdle();
    await expect(studio.lastAssistantMessage()).not.toHaveText(/^\s*$/);
    await expect(page.getByTestId("chat-error")).toHaveCount(0);

    // A writing action on the selection, answered by the same embedded model.
    await studio.typeInEditor("The tide comes in twice a day.");
    await studio.selectAllText();
    await studio.openAiActions("button");
    // The tiny model can answer before a check could see the run streaming: the request's answer is the proof.
    const answered = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/edits" && response.request().method() === "POST", { timeout: 120_000 });
    await page.getByTestId("ai-action-improve").click();
    const edits = new TrackedEditsPanel(page);
    expect((await answered).status()).toBe(200);
    await expect(edits.bar).toHaveAttribute("data-status", "review", { timeout: 120_000 });
    await expect(edits.error).toHaveCount(0);
    // The rewrite arrives as tracked changes (none if the model kept the sentence as it was).
    const rewritten = await edits.acceptedText(studio.document);
    if ((await edits.hunkIds()).length) await edits.acceptAll();
    await expect(studio.document).toHaveText(rewritten);
  });

  test("the model stays after a reload: no notice, and a second download is refused", async ({ page }) => {
    const studio = new StudioPage(page);
    await signUp(page);
    await studio.goto();
    await expect(page.getByTestId("model-picker")).toBeVisible();
    await expect(studio.setupNotice).toHaveCount(0);
    const again = await page.request.post("/api/local-model/download");
    expect(again.status()).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("model_already_configured");
  });
});

test.describe("without internet access", () => {
  test.use({ baseURL: `http://127.0.0.1:${port + 1}` });
  let app: AppServer;

  test.beforeAll(async () => {
    test.setTimeout(60_000);
    // Nothing listens on port 9: the download host can't be reached.
    app = await startApp(port + 1, { ...noProvider, HF_ENDPOINT: "http://127.0.0.1:9" });
  });

  test.afterAll(async () => {
    await app?.stop();
  });

  test("the notice explains how to copy a model file into the models folder, without the server's path", async ({ page }) => {
    const studio = new StudioPage(page);
    const local = new LocalModelSetup(page);
    await signUp(page);
    await studio.goto();
    await expect(local.offline).toBeVisible();
    await expect(local.downloadButton).toHaveCount(0);
    await expect(local.modelsDir).toHaveText("DATA_DIR/models");
    await expect(local.offline).not.toContainText(app.dataDir);
    await expect(local.offline).toContainText(entry.fileName);
    await expect(local.offline).toContainText("npm run model:pull");
    await expect(local.offline).toContainText("Check again");
  });
});
