import type { UsageJson } from "@/lib/contracts/conversations";
import { requestJson } from "./request-json";

/** `GET /api/usage?days=N`: tokens and requests per day and per model. */
export const fetchUsage = (days: number, signal?: AbortSignal) => requestJson<UsageJson>(`/api/usage?days=${days}`, { signal });
