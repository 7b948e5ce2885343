/** What a page receives as `searchParams` (Next 16: a promise). */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** One value of a query parameter that may repeat. */
export const firstParam = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
