import { LoggerService } from '@backstage/backend-plugin-api';
import { InstallJob } from '@internal/backstage-plugin-marketplace-common';
import { randomUUID } from 'node:crypto';
import { InstallJobStore } from './InstallJobStore';
import { lockOwnerId, PluginLock } from './DatabasePluginLock';
import { InstallJobRunner } from './InstallJobRunner';

const FINISHED = new Set(['done', 'failed', 'cancelled']);
const QUEUE_SCAN = 100;

/**
 * Work a replica does to make its own machine match the desired state, after
 * the jobs (e.g. putting into its dynamic plugins root what a job on another
 * replica installed).
 *
 * @public
 */
export interface LocalStateSync {
  /** Before any job runs in this process: clears what runners killed earlier left behind. */
  cleanup(options: { runningJobs: Set<string> }): Promise<void>;
  sync(options: { busyPlugins: Set<string> }): Promise<void>;
}

/**
 * Runs on every replica: takes queued jobs whose dependencies are done,
 * takes over jobs whose runner died (its lock expired, or its process is
 * gone), and runs them, several plugins side by side but each plugin on one
 * replica at a time.
 *
 * @public
 */
export class InstallReconciler {
  private readonly running = new Map<string, Promise<unknown>>();
  private ticking: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private cleaned = false;

  private constructor(
    private readonly store: InstallJobStore,
    private readonly lock: PluginLock,
    private readonly runner: InstallJobRunner,
    private readonly logger: LoggerService,
    private readonly options: { maxConcurrent: number; leaseMs: number; local?: LocalStateSync },
  ) {}

  static create(options: {
    store: InstallJobStore;
    lock: PluginLock;
    runner: InstallJobRunner;
    logger: LoggerService;
    maxConcurrent: number;
    leaseMs: number;
    local?: LocalStateSync;
  }): InstallReconciler {
    return new InstallReconciler(options.store, options.lock, options.runner, options.logger, options);
  }

  /** Jobs running on this replica. */
  get activeJobs(): string[] {
    return [...this.running.keys()];
  }

  /** One pass; a pass asked for while one runs happens right after it. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    this.ticking = (async () => {
      do {
        this.again = false;
        try {
          await this.pass();
        } catch (error) {
          this.logger.warn(`Install reconciler pass failed: ${error}`);
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  /** Asks for a pass soon, without waiting for it (after a request created jobs). */
  kick(): void {
    this.tick().catch(() => undefined);
  }

  /** Waits until every job started on this replica has settled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.ticking) {
      await Promise.all([...this.running.values(), this.ticking]);
    }
  }

  /** Starts no more jobs; those running go on until the process ends (and resume elsewhere if it does). */
  stop(): void {
    this.stopped = true;
  }

  private async pass() {
    if (!this.cleaned && this.options.local) {
      await this.options.local.cleanup({ runningJobs: new Set(this.running.keys()) });
    }
    this.cleaned = true;
    for (const job of await this.store.listInProgress()) {
      if (this.running.has(job.id) || this.full()) continue;
      if (await this.lock.isHeld(job.pluginId)) continue;
      await this.start(job);
    }
    const queued = await this.store.listQueued(QUEUE_SCAN);
    for (const job of queued) {
      if (this.full()) break;
      if (this.running.has(job.id)) continue;
      const waiting = await this.waitingOn(job);
      if (waiting === 'ready') await this.start(job);
      else if (waiting !== 'wait') await this.failBlocked(job, waiting);
    }
    const busyPlugins = new Set((await this.store.listInProgress()).map(j => j.pluginId));
    for (const job of queued) busyPlugins.add(job.pluginId);
    await this.options.local?.sync({ busyPlugins });
  }

  private full() {
    return this.running.size >= this.options.maxConcurrent;
  }

  /** `ready`, `wait`, or the failed dependency. */
  private async waitingOn(job: InstallJob): Promise<'ready' | 'wait' | InstallJob> {
    for (const id of job.dependsOn) {
      const dependency = await this.store.getJob(id);
      if (!dependency) continue;
      if (dependency.state === 'failed' || dependency.state === 'cancelled') return dependency;
      if (dependency.state !== 'done') return 'wait';
    }
    return 'ready';
  }

  private async failBlocked(job: InstallJob, dependency: InstallJob) {
    const owner = lockOwnerId(randomUUID());
    if (!(await this.lock.tryAcquire(job.pluginId, owner, this.options.leaseMs))) return;
    try {
      const fresh = await this.store.getJob(job.id);
      if (!fresh || fresh.state !== 'queued') return;
      const message = `${dependency.pluginId} ${dependency.state === 'cancelled' ? 'was cancelled' : 'failed'} (job ${dependency.id}); ${job.pluginId} needs it`;
      await this.store.appendEvent(job.id, { step: 'failed', status: 'failed', message });
      await this.store.finish(job.id, { state: 'failed', error: { step: 'queued', message }, rolledBack: false });
    } finally {
      await this.lock.release(job.pluginId, owner);
    }
  }

  private async start(job: InstallJob) {
    const owner = lockOwnerId(randomUUID());
    if (!(await this.lock.tryAcquire(job.pluginId, owner, this.options.leaseMs))) return;
    const fresh = await this.store.getJob(job.id);
    if (!fresh || FINISHED.has(fresh.state) || this.running.has(job.id)) {
      await this.lock.release(job.pluginId, owner);
      return;
    }
    const run = this.runner
      .run(fresh, owner)
      .catch(error => this.logger.error(`Install job ${job.id} crashed its runner: ${error}`))
      .finally(() => {
        this.running.delete(job.id);
        // A finished job may unblock others.
        this.kick();
      });
    this.running.set(job.id, run);
  }
}
