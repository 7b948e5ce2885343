import { expect, type Locator, type Page } from "@playwright/test";

/** `/usage`: the chart and the table of tokens per model. */
export class UsagePage {
  readonly chart: Locator;
  readonly bars: Locator;
  readonly legend: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly totals: Locator;
  readonly empty: Locator;

  constructor(readonly page: Page) {
    this.chart = page.getByTestId("usage-chart");
    this.bars = page.getByTestId("usage-bar");
    this.legend = page.getByTestId("usage-legend");
    this.table = page.getByTestId("usage-table");
    this.rows = page.getByTestId("usage-row");
    this.totals = page.getByTestId("usage-totals");
    this.empty = page.getByTestId("usage-empty");
  }

  async goto(days?: 7 | 30 | 90) {
    await this.page.goto(days ? `/usage?days=${days}` : "/usage");
    await expect(this.page.getByRole("heading", { name: "Usage", level: 1 })).toBeVisible();
    await expect(this.chart.or(this.empty)).toBeVisible();
  }

  async choosePeriod(days: 7 | 30 | 90) {
    await this.page.getByTestId(`usage-days-${days}`).click();
    await expect(this.page.getByTestId(`usage-days-${days}`)).toHaveAttribute("aria-pressed", "true");
  }

  /** One model call through the API, with the page's cookies, so it counts for this account. */
  async makeModelCall() {
    const res = await this.page.request.post("/api/write", { data: { action: "improve", text: "A sentence to improve." } });
    expect(res.status()).toBe(200);
    await res.body();
  }
}
