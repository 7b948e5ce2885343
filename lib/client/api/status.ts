import type { ModelStatus } from "@/lib/ai/models";
import { networkError, readApiError, type ApiError } from "./error";

/** `GET /api/status`: which provider and models the server offers. */
export async function fetchModelStatus(signal?: AbortSignal): Promise<{ status: ModelStatus | null; error: ApiError | null }> {
  try {
    const response = await fetch("/api/status", { cache: "no-store", signal });
    if (!response.ok) return { status: null, error: await readApiError(response) };
    return { status: (await response.json()) as ModelStatus, error: null };
  } catch {
    return { status: null, error: networkError };
  }
}
