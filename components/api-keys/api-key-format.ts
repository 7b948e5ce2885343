const count = new Intl.NumberFormat("en");
// UTC, like the budgets' days and months, and the same on the server and in the browser.
const date = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export const formatCount = (value: number) => count.format(value);
export const formatDate = (iso: string) => date.format(new Date(iso));
export const formatDateTime = (iso: string) => `${dateTime.format(new Date(iso))} UTC`;
