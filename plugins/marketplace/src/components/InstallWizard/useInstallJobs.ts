import { useApi } from '@backstage/frontend-plugin-api';
import { InstallJob, InstallJobEvent } from '@internal/backstage-plugin-marketplace-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { marketplaceApiRef } from '../../api';

const FINISHED = new Set(['done', 'failed', 'cancelled']);
const POLL_MS = 1000;

/** Whether a job has stopped (done, failed or cancelled). */
export function isFinished(job: InstallJob): boolean {
  return FINISHED.has(job.state);
}

/**
 * The job the wizard follows, in the `job` query parameter, so that a reload
 * (or a shared link) re-attaches to it.
 */
export function useJobParam(): [string | undefined, (jobId: string) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const jobId = searchParams.get('job') ?? undefined;
  const setJob = useCallback(
    (next: string) =>
      setSearchParams(current => {
        const params = new URLSearchParams(current);
        params.set('job', next);
        return params;
      }),
    [setSearchParams],
  );
  return [jobId, setJob];
}

/** The jobs of one install, each with every event seen so far. */
export interface InstallJobsState {
  jobs: InstallJob[];
  events: Record<string, InstallJobEvent[]>;
  loading: boolean;
  error?: Error;
  /** Replaces a job with the backend's answer to cancel or retry, and follows it again. */
  update(job: InstallJob): void;
}

/**
 * Follows the batch a job belongs to: the job's batch is read once, then the
 * JSON events of every unfinished job are polled (the server-sent form of the
 * same route cannot carry the user's token through `EventSource`). A poll that
 * brought events is followed at once; an idle one waits a second.
 */
export function useInstallJobs(jobId: string): InstallJobsState {
  const marketplaceApi = useApi(marketplaceApiRef);
  const [jobs, setJobs] = useState<InstallJob[]>([]);
  const [events, setEvents] = useState<Record<string, InstallJobEvent[]>>({});
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<Error>();
  const [pollError, setPollError] = useState<Error>();
  const [generation, setGeneration] = useState(0);
  const jobsRef = useRef<InstallJob[]>([]);
  const lastEvent = useRef<Record<string, number>>({});

  const store = useCallback((next: InstallJob[]) => {
    jobsRef.current = next;
    setJobs(next);
  }, []);

  useEffect(() => {
    let stopped = false;
    setLoading(true);
    setLoadError(undefined);
    lastEvent.current = {};
    setEvents({});
    (async () => {
      try {
        const job = await marketplaceApi.getInstallJob(jobId);
        const batch = await marketplaceApi.listInstallJobs({ batchId: job.batchId });
        const all = batch.some(j => j.id === job.id) ? batch : [...batch, job];
        // Install order: what a job depends on comes first; the backend lists newest first.
        all.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
        if (stopped) return;
        store(all);
      } catch (e) {
        if (!stopped) setLoadError(e as Error);
      } finally {
        if (!stopped) setLoading(false);
      }
    })();
    return () => {
      stopped = true;
    };
  }, [marketplaceApi, jobId, store]);

  useEffect(() => {
    if (loading || loadError) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let fresh = false;
      try {
        for (const job of jobsRef.current) {
          if (stopped) return;
          const known = lastEvent.current[job.id] !== undefined;
          if (known && isFinished(job)) continue;
          const answer = await marketplaceApi.getInstallJobEvents(job.id, lastEvent.current[job.id]);
          if (stopped) return;
          lastEvent.current[job.id] = answer.items.length
            ? answer.items[answer.items.length - 1].id
            : (lastEvent.current[job.id] ?? 0);
          if (answer.items.length) {
            fresh = true;
            setEvents(current => ({ ...current, [job.id]: [...(current[job.id] ?? []), ...answer.items] }));
          }
          store(jobsRef.current.map(j => (j.id === job.id ? answer.job : j)));
        }
        setPollError(undefined);
      } catch (e) {
        // A lost answer is tried again; the view says so meanwhile.
        if (stopped) return;
        setPollError(e as Error);
      }
      if (stopped || jobsRef.current.every(isFinished)) return;
      timer = setTimeout(poll, fresh ? 0 : POLL_MS);
    };
    poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [marketplaceApi, loading, loadError, generation, store]);

  const update = useCallback(
    (job: InstallJob) => {
      store(jobsRef.current.map(j => (j.id === job.id ? job : j)));
      setGeneration(g => g + 1);
    },
    [store],
  );

  return { jobs, events, loading, error: loadError ?? pollError, update };
}
