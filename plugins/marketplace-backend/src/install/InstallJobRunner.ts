import { LoggerService } from '@backstage/backend-plugin-api';
import {
  INSTALL_STEPS,
  InstallJob,
  InstallJobError,
  InstallStep,
} from '@internal/backstage-plugin-marketplace-common';
import { InstallJobStore } from './InstallJobStore';
import { PluginLock } from './DatabasePluginLock';
import { InstallSteps, PackageStepError, StepContext } from './InstallSteps';

/** The job was cancelled by a person. */
class JobCancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'JobCancelledError';
  }
}

/** Another runner took the job's lock over: this one must stop touching it. */
class LockLostError extends Error {
  constructor(pluginId: string) {
    super(`The lock of ${pluginId} was lost`);
    this.name = 'LockLostError';
  }
}

/**
 * Timing of a runner.
 *
 * @public
 */
export interface RunnerTiming {
  /** How long a lock lasts unless renewed. */
  leaseMs: number;
  /** How often the lock is renewed and the job is checked for a cancel. */
  heartbeatMs: number;
  /** Takeovers after which an interrupted job is rolled back instead of resumed. */
  maxResumes: number;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs one job through its steps, each an event with its timing and output.
 * On a failure or a cancel it undoes, newest first, what the undo log says
 * the job did; the job and the desired state are settled in one transaction.
 *
 * @public
 */
export class InstallJobRunner {
  private constructor(
    private readonly store: InstallJobStore,
    private readonly lock: PluginLock,
    private readonly steps: InstallSteps,
    private readonly logger: LoggerService,
    private readonly timing: RunnerTiming,
  ) {}

  static create(options: {
    store: InstallJobStore;
    lock: PluginLock;
    steps: InstallSteps;
    logger: LoggerService;
    timing: RunnerTiming;
  }): InstallJobRunner {
    return new InstallJobRunner(options.store, options.lock, options.steps, options.logger, options.timing);
  }

  /**
   * Runs the job; the caller holds the plugin's lock as `owner`, and this
   * releases it at the end. A job found in a step was interrupted: it
   * resumes at that step, or is rolled back after too many takeovers.
   */
  async run(initial: InstallJob, owner: string): Promise<InstallJob | undefined> {
    const { store, lock, timing } = this;
    const controller = new AbortController();
    let job = initial;
    const heartbeat = setInterval(async () => {
      try {
        if (!(await lock.renew(job.pluginId, owner, timing.leaseMs))) {
          controller.abort(new LockLostError(job.pluginId));
          return;
        }
        const fresh = await store.getJob(job.id);
        if (fresh?.cancelRequested) controller.abort(new JobCancelledError());
      } catch (error) {
        this.logger.warn(`Could not renew the install lock of ${job.pluginId}: ${error}`);
      }
    }, timing.heartbeatMs);
    let current: InstallStep | 'queued' = job.state === 'queued' ? 'queued' : (job.state as InstallStep);
    try {
      const resumed = job.state !== 'queued';
      if (resumed) {
        const resumes = await store.recordResume(job.id);
        if (resumes > timing.maxResumes) {
          throw new Error(`The job was interrupted ${resumes} times during ${job.state}; it is rolled back instead of resumed`);
        }
        await store.appendEvent(job.id, {
          step: current as InstallStep,
          status: 'info',
          message: `Resumed at ${job.state}: the runner that had it stopped (takeover ${resumes})`,
        });
      }
      const config = await store.getJobConfig(job.id);
      const first = resumed ? INSTALL_STEPS.indexOf(job.state as InstallStep) : 0;
      for (const step of INSTALL_STEPS.slice(first)) {
        await this.checkCancel(job, controller.signal);
        current = step;
        await store.updateProgress(job.id, { state: step, started: job.startedAt === undefined });
        job = { ...job, state: step, startedAt: job.startedAt ?? new Date().toISOString() };
        await store.appendEvent(job.id, { step, status: 'started', message: `${step} started` });
        const started = Date.now();
        const context = this.context(job, config, controller.signal);
        // Steps see the signal and stop; what they did is in the undo log either way.
        const outcome = await this.steps.run(step, context);
        job = context.job;
        if (controller.signal.aborted) throw controller.signal.reason;
        await store.appendEvent(job.id, {
          step,
          status: outcome.skipped ? 'skipped' : 'succeeded',
          message: outcome.message,
          output: outcome.output,
          durationMs: Date.now() - started,
        });
      }
      await this.checkCancel(job, controller.signal);
      const result = this.steps.result(job);
      const finished = await store.finish(job.id, { state: 'done', result });
      await store.appendEvent(job.id, { step: 'done', status: 'succeeded', message: result.message });
      await this.steps.afterDone?.(finished, await store.getUndo(job.id)).catch(error =>
        this.logger.warn(`Cleanup after install job ${job.id} failed: ${error}`),
      );
      return finished;
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      if (reason instanceof LockLostError) {
        this.logger.warn(`Install job ${job.id} stopped on this replica: ${reason.message}`);
        return undefined;
      }
      return await this.fail(job, current, reason);
    } finally {
      clearInterval(heartbeat);
      await lock.release(job.pluginId, owner).catch(() => undefined);
    }
  }

  private async checkCancel(job: InstallJob, signal: AbortSignal) {
    if (signal.aborted) throw signal.reason;
    const fresh = await this.store.getJob(job.id);
    if (fresh?.cancelRequested) throw new JobCancelledError();
  }

  private context(
    job: InstallJob,
    config: StepContext['config'],
    signal: AbortSignal,
  ): StepContext {
    const { store } = this;
    let current = job;
    const step = job.state as InstallStep;
    return {
      get job() {
        return current;
      },
      config,
      signal,
      progress: async event => {
        await store.appendEvent(job.id, { step, status: event.status ?? 'info', message: event.message, package: event.package, output: event.output });
      },
      recordUndo: entry => store.appendUndo(job.id, entry),
      setPackages: async packages => {
        await store.updateProgress(job.id, { packages });
        current = { ...current, packages };
      },
      setTarget: async target => {
        await store.updateProgress(job.id, { target });
        current = { ...current, target };
      },
    };
  }

  private async fail(job: InstallJob, step: InstallStep | 'queued', reason: unknown): Promise<InstallJob> {
    const { store } = this;
    const settled = await store.getJob(job.id);
    // Finished already (the failure came after the job was committed): nothing to undo.
    if (settled && ['done', 'failed', 'cancelled'].includes(settled.state)) return settled;
    const cancelled = reason instanceof JobCancelledError;
    const error: InstallJobError = {
      step,
      message: cancelled ? `Cancelled during ${step}` : errorMessage(reason),
      package: reason instanceof PackageStepError ? reason.packageName : undefined,
    };
    await store.appendEvent(job.id, {
      step: cancelled ? 'cancelled' : step,
      status: cancelled ? 'info' : 'failed',
      message: error.message,
      package: error.package,
    });
    const undo = await store.getUndo(job.id);
    let rolledBack = true;
    for (const entry of [...undo].reverse()) {
      const started = Date.now();
      try {
        const message = await this.steps.undo(entry, { job: settled ?? job });
        await store.appendEvent(job.id, { step: 'rollback', status: 'succeeded', message, durationMs: Date.now() - started });
      } catch (e) {
        rolledBack = false;
        await store.appendEvent(job.id, {
          step: 'rollback',
          status: 'failed',
          message: `Could not undo ${entry.kind}: ${errorMessage(e)}`,
          durationMs: Date.now() - started,
        });
      }
    }
    const finished = await store.finish(job.id, { state: cancelled ? 'cancelled' : 'failed', error, rolledBack });
    await store.appendEvent(job.id, {
      step: cancelled ? 'cancelled' : 'failed',
      status: 'info',
      message: rolledBack
        ? `${undo.length ? 'Rolled back' : 'Nothing to roll back'}; ${job.pluginId} is as it was before the job`
        : 'Rolled back in part: see the failed rollback events',
    });
    this.logger.info(`Install job ${job.id} (${job.pluginId}) ${finished.state}: ${error.message}`);
    return finished;
  }
}
