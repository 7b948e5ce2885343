import { expect, test } from "@playwright/test";
import { DocsPage } from "./pages/docs-page";

test.describe("API reference", () => {
  test("renders the OpenAI-compatible operation with a copy-paste curl example, with no request leaving the origin", async ({ page, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const elsewhere: string[] = [];
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url)) elsewhere.push(url);
    });
    // The page's CSP would block a request elsewhere before it is made; the attempt still shows here.
    const refused: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });

    const docs = new DocsPage(page);
    await docs.goto();
    // Rendered from the document: the script, its styles and /api/v1/openapi.json have loaded.
    // (Not "networkidle": the reference may keep a request open, which never lets it settle.)
    await expect(docs.sidebar).toBeVisible();
    await docs.openOperation("OpenAI compatible", "Chat completions (OpenAI compatible)");
    const example = docs.requestExample("/api/v1/chat/completions");
    await expect(example).toContainText("POST");
    await expect(example).toContainText(`curl -X POST ${origin}/api/v1/chat/completions`);
    await expect(example).toContainText("$DRAFTWISE_API_KEY");

    await docs.chooseSample(example, "curl", "Python (openai)");
    await expect(example).toContainText(`base_url="${origin}/api/v1"`);
    expect(elsewhere).toEqual([]);
    expect(refused).toEqual([]);
  });

  test("the Link of a deprecated answer leads to the deprecation policy and its sunset date", async ({ page }) => {
    // A visit signs the browser in as a guest: the route reads no body before it knows the caller.
    await page.goto("/");
    const res = await page.request.post("/api/chat", { data: { messages: [{ role: "user", content: "Hi" }], stream: false } });
    const policy = /<(\/docs#[^>]+)>; rel="deprecation"/.exec(res.headers()["link"] ?? "")?.[1];
    expect(policy).toBe("/docs#description/versioning-and-deprecation-policy");

    const docs = new DocsPage(page);
    await docs.goto(policy!.replace("/docs", ""));
    await expect(docs.heading("Versioning and deprecation policy")).toBeInViewport();
    await expect(page.getByText(/POST \/api\/chat.*removed on 2027-06-01/)).toBeVisible();
  });
});
