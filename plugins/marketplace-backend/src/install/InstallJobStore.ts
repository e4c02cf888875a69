import { JsonObject } from '@backstage/types';
import {
  InstallAction,
  InstallationStatus,
  InstallJob,
  InstallJobError,
  InstallJobEvent,
  InstallJobPackage,
  InstallJobState,
  InstallTarget,
} from '@internal/backstage-plugin-marketplace-common';

/**
 * A record of something a job did, written before doing it, so that a
 * rollback (also one after a crash) can undo it. Interpreted by the steps.
 *
 * @public
 */
export type UndoEntry = JsonObject & { kind: string };

/**
 * A job to create.
 *
 * @public
 */
export interface NewInstallJob {
  pluginId: string;
  action: InstallAction;
  version?: string;
  fromVersion?: string;
  target?: InstallTarget;
  packages: InstallJobPackage[];
  config?: JsonObject;
  /** Plugin ids of the same request (or with a change in progress) this job waits for. */
  dependsOnPlugins: string[];
}

/**
 * A row of the desired state (`installations`).
 *
 * @public
 */
export interface Installation {
  pluginId: string;
  version: string;
  status: InstallationStatus;
  installedAt: string;
  installedBy?: string;
  updatedAt: string;
  target?: InstallTarget;
  packages: InstallJobPackage[];
  jobId?: string;
  /** Why it has its status, when that is known (e.g. the error that kept it from loading). */
  statusMessage?: string;
}

/**
 * What creating a request's jobs gave.
 *
 * @public
 */
export interface CreatedJobs {
  jobs: InstallJob[];
  /** Plugins that already had this very change in progress; their job is in `jobs`. */
  alreadyInProgress: string[];
}

/**
 * How a job ended.
 *
 * @public
 */
export interface JobFinish {
  state: Extract<InstallJobState, 'done' | 'failed' | 'cancelled'>;
  error?: InstallJobError;
  result?: InstallJob['result'];
  rolledBack?: boolean;
}

/**
 * An event to append.
 *
 * @public
 */
export type NewJobEvent = Omit<InstallJobEvent, 'id' | 'createdAt' | 'jobId' | 'attempt'>;

/**
 * Persistence of install jobs, their events and the desired state they change.
 *
 * @public
 */
export interface InstallJobStore {
  /**
   * Creates the jobs of one request and writes their desired state, in one
   * transaction. A plugin with the same change in progress gives its job; a
   * different change in progress is a ConflictError.
   */
  createJobs(options: { batchId: string; requestedBy: string; jobs: NewInstallJob[] }): Promise<CreatedJobs>;
  getJob(id: string): Promise<InstallJob | undefined>;
  /** The job's config (kept off `InstallJob`, which is public). */
  getJobConfig(id: string): Promise<JsonObject | undefined>;
  listJobs(options: { batchId?: string; pluginId?: string; limit: number }): Promise<InstallJob[]>;
  /** Queued jobs, oldest first. */
  listQueued(limit: number): Promise<InstallJob[]>;
  /** Jobs in one of the steps: running somewhere, or left behind by a runner that died. */
  listInProgress(): Promise<InstallJob[]>;
  /** Moves a job to a step (or records its packages or target) while it runs. */
  updateProgress(id: string, patch: { state?: InstallJobState; packages?: InstallJobPackage[]; target?: InstallTarget; started?: boolean }): Promise<void>;
  /** Appends to the job's undo log. */
  appendUndo(id: string, entry: UndoEntry): Promise<void>;
  getUndo(id: string): Promise<UndoEntry[]>;
  /** Counts a takeover of the job by another runner. */
  recordResume(id: string): Promise<number>;
  appendEvent(jobId: string, event: NewJobEvent): Promise<InstallJobEvent>;
  /** Events of a job after `afterId`, oldest first. */
  listEvents(jobId: string, afterId?: number): Promise<InstallJobEvent[]>;
  /**
   * Ends a job and settles the desired state in one transaction: done makes
   * the installation what the job installed (or removes it); failed and
   * cancelled put back what was there before the job.
   */
  finish(id: string, finish: JobFinish): Promise<InstallJob>;
  /** Asks a running job to stop; a queued one is cancelled at once. */
  requestCancel(id: string): Promise<InstallJob>;
  /** Queues a failed or cancelled job again, as a new attempt. */
  retry(id: string, requestedBy: string): Promise<InstallJob>;
  getInstallation(pluginId: string): Promise<Installation | undefined>;
  /**
   * Records an installation found on disk that the database knows nothing of
   * (an in-memory database started empty again); an existing row wins.
   */
  adoptInstallation(installation: Omit<Installation, 'installedAt' | 'updatedAt' | 'status'>): Promise<boolean>;
  /**
   * Changes an installation's status if it is still `from` (e.g. pending-restart → installed),
   * with why (`message`, cleared when absent).
   */
  updateInstallationStatus(pluginId: string, from: Installation['status'], to: Installation['status'], message?: string): Promise<boolean>;
  listInstallations(): Promise<Installation[]>;
}
