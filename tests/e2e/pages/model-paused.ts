import type { Page } from "@playwright/test";

/**
 * Requests to `url` get the server's answer while the model's breaker is open (503 with
 * `retry_after`, as tests/api/resilience.test.ts shows a real one give), until `page.unroute(url)`.
 */
export async function answerModelPaused(page: Page, url: string, seconds: number) {
  await page.route(url, (route) =>
    route.fulfill({
      status: 503,
      headers: { "content-type": "application/json", "retry-after": String(seconds) },
      body: JSON.stringify({
        error: { code: "model_unavailable", message: `The model is failing, retrying in ${seconds} s. Please try again then.`, retry_after: seconds },
      }),
    }),
  );
}
