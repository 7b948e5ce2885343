"use client";

import { useCallback, useEffect, useState } from "react";
import type { JobJson, JobStatusName } from "@/lib/contracts/jobs";
import type { ApiError } from "@/lib/client/api/error";
import { getJob, isActive, listJobs } from "@/lib/client/api/jobs";

/** How often queued and running jobs are asked for again while the tab is visible. */
const pollIntervalMs = 1000;

interface Loaded {
  key: string;
  status: string;
  jobs: JobJson[];
  cursor: string | null;
  error: ApiError | null;
}

interface JobList {
  /** null until the first page of this filter has loaded. */
  jobs: JobJson[] | null;
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  error: ApiError | null;
  loadMore: () => Promise<void>;
  /** Puts a job (new, polled, cancelled) into the list: replaced in place, or added on top. */
  upsert: (job: JobJson) => void;
  /** Loads the first page again (jobs sent through the API meanwhile); the list stays shown meanwhile. */
  reload: () => void;
}

/**
 * The user's jobs, newest first, one page at a time (cursor pagination), filtered by status.
 * While any listed job is queued or running and the tab is visible, those jobs are fetched
 * again every second (GET /api/jobs/{id}); polling stops when all are finished or the tab is
 * hidden, and picks up again when it is shown.
 */
export function useJobList(status: JobStatusName | undefined): JobList {
  const [reloads, setReloads] = useState(0);
  const statusKey = status ?? "all";
  const key = `${statusKey}:${reloads}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    void listJobs({ status, signal: controller.signal }).then((result) => {
      if (controller.signal.aborted) return;
      setLoaded(
        result.ok
          ? { key, status: statusKey, jobs: result.data.data, cursor: result.data.next_cursor, error: null }
          : { key, status: statusKey, jobs: [], cursor: null, error: result.error },
      );
    });
    return () => controller.abort();
  }, [key, status, statusKey]);

  // While the same filter reloads, its list stays on screen.
  const current = loaded?.status === statusKey ? loaded : null;
  const cursor = current?.cursor ?? null;

  const loadMore = useCallback(async () => {
    if (!cursor) return;
    setLoadingMore(true);
    const result = await listJobs({ status, cursor });
    setLoadingMore(false);
    setLoaded((previous) => {
      if (!previous || previous.status !== statusKey) return previous;
      if (!result.ok) return { ...previous, error: result.error };
      const seen = new Set(previous.jobs.map((job) => job.id));
      return { ...previous, jobs: [...previous.jobs, ...result.data.data.filter((job) => !seen.has(job.id))], cursor: result.data.next_cursor, error: null };
    });
  }, [cursor, status, statusKey]);

  const upsert = useCallback((job: JobJson) => {
    setLoaded((previous) => {
      if (!previous) return previous;
      const index = previous.jobs.findIndex((item) => item.id === job.id);
      if (index === -1) return { ...previous, jobs: [job, ...previous.jobs] };
      const jobs = previous.jobs.slice();
      jobs[index] = job;
      return { ...previous, jobs };
    });
  }, []);

  const activeKey = (current?.jobs ?? [])
    .filter(isActive)
    .map((job) => job.id)
    .join(",");

  useEffect(() => {
    if (!activeKey) return;
    const ids = activeKey.split(",");
    const controller = new AbortController();
    let timer: number | undefined;
    let inFlight = false;
    const tick = async () => {
      window.clearTimeout(timer);
      if (inFlight || document.visibilityState === "hidden" || controller.signal.aborted) return;
      inFlight = true;
      const results = await Promise.all(ids.map((id) => getJob(id, controller.signal)));
      inFlight = false;
      if (controller.signal.aborted) return;
      for (const result of results) if (result.ok) upsert(result.data);
      timer = window.setTimeout(() => void tick(), pollIntervalMs);
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") void tick();
      else window.clearTimeout(timer);
    };
    timer = window.setTimeout(() => void tick(), pollIntervalMs);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [activeKey, upsert]);

  return {
    jobs: current?.jobs ?? null,
    loading: loaded?.key !== key,
    loadingMore,
    hasMore: cursor !== null,
    error: current?.error ?? null,
    loadMore,
    upsert,
    reload: useCallback(() => setReloads((n) => n + 1), []),
  };
}
