import type { DocumentJson } from "@/lib/contracts/documents";
import type { CreateJobRequest, JobJson, JobListJson, JobStatusName } from "@/lib/contracts/jobs";
import type { WebhookDeliveryListJson } from "@/lib/contracts/webhooks";
import { requestJson } from "./request-json";

/** The jobs page's calls: the session routes under /api/jobs (the same answers as /api/v1/jobs). */
const pageSize = 20;

export function listJobs({ status, cursor, signal }: { status?: JobStatusName; cursor?: string; signal?: AbortSignal }) {
  const params = new URLSearchParams({ limit: String(pageSize) });
  if (status) params.set("status", status);
  if (cursor) params.set("cursor", cursor);
  return requestJson<JobListJson>(`/api/jobs?${params}`, { signal });
}

export const getJob = (id: string, signal?: AbortSignal) => requestJson<JobJson>(`/api/jobs/${id}`, { signal });

export const submitJob = (body: CreateJobRequest) => requestJson<JobJson>("/api/jobs", { body });

export const cancelJob = (id: string) => requestJson<JobJson>(`/api/jobs/${id}`, { method: "DELETE" });

export const openJobAsDocument = (id: string) => requestJson<{ document: DocumentJson }>(`/api/jobs/${id}/document`, { method: "POST" });

export const listDeliveries = (id: string, signal?: AbortSignal) =>
  requestJson<WebhookDeliveryListJson>(`/api/jobs/${id}/deliveries`, { signal });

export const isActive = (job: Pick<JobJson, "status">) => job.status === "queued" || job.status === "running";
