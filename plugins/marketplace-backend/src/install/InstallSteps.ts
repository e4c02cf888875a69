import {
  InstallJob,
  InstallJobPackage,
  InstallStep,
  InstallTarget,
} from '@internal/backstage-plugin-marketplace-common';
import { JsonObject } from '@backstage/types';
import { UndoEntry } from './InstallJobStore';

/**
 * What a step can do besides its work: report progress per package, write
 * undo records before acting, and keep the job's packages and target.
 *
 * @public
 */
export interface StepContext {
  /** The job as it is now (packages and target kept current by the calls below). */
  readonly job: InstallJob;
  /** The plugin's part of app-config the job writes, when it has one. */
  readonly config?: JsonObject;
  /** Aborted when the job is cancelled or the runner loses its lock. */
  readonly signal: AbortSignal;
  /** An event of the current step, e.g. one package downloaded. */
  progress(event: { message: string; package?: string; output?: string; status?: 'info' | 'failed' }): Promise<void>;
  /** Writes what is about to be done, so that a rollback (even after a crash) undoes it. */
  recordUndo(entry: UndoEntry): Promise<void>;
  /** Stores the job's packages (statuses, integrity, digests). */
  setPackages(packages: InstallJobPackage[]): Promise<void>;
  setTarget(target: InstallTarget): Promise<void>;
}

/**
 * What a step gives back for its event.
 *
 * @public
 */
export interface StepOutcome {
  message: string;
  output?: string;
  /** The step had nothing to do (e.g. the package was in the store already). */
  skipped?: boolean;
}

/**
 * A step failed because of one package; the event names it.
 *
 * @public
 */
export class PackageStepError extends Error {
  constructor(readonly packageName: string, message: string) {
    super(message);
    this.name = 'PackageStepError';
  }
}

/**
 * The work of each step, for every kind of job. Every step must be safe to
 * run again from its start: a job whose runner died resumes at the step it
 * was in.
 *
 * @public
 */
export interface InstallSteps {
  run(step: InstallStep, context: StepContext): Promise<StepOutcome>;
  /** Undoes one record of the undo log; returns what it did, in words. */
  undo(entry: UndoEntry, context: { job: InstallJob }): Promise<string>;
  /** Work after the job is committed as done (e.g. deleting the version it replaced). */
  afterDone?(job: InstallJob, undo: UndoEntry[]): Promise<void>;
  /** The installation's status and a sentence for the admin, once every step has succeeded. */
  result(job: InstallJob): { status: NonNullable<InstallJob['result']>['status']; message: string };
}
