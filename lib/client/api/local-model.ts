import type { LocalModelStatusJson } from "@/lib/contracts/local-model";
import { networkError, readApiError, type ApiError } from "./error";

/** `GET /api/local-model`, or starting (`POST`) or cancelling (`DELETE`) `/api/local-model/download`: the embedded model's state. */
export async function localModelRequest(method: "GET" | "POST" | "DELETE", signal?: AbortSignal): Promise<{ status?: LocalModelStatusJson; error?: ApiError }> {
  try {
    const response = await fetch(method === "GET" ? "/api/local-model" : "/api/local-model/download", {
      method,
      cache: "no-store",
      signal,
    });
    if (!response.ok) return { error: await readApiError(response) };
    return { status: (await response.json()) as LocalModelStatusJson };
  } catch (error) {
    if (signal?.aborted) throw error;
    return { error: networkError };
  }
}
