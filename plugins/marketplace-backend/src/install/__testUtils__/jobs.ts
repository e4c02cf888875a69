import { mockServices } from '@backstage/backend-test-utils';
import { InstallAction, InstallJob, InstallStep, PackageRole } from '@internal/backstage-plugin-marketplace-common';
import { JsonObject } from '@backstage/types';
import { databases } from '../../__testUtils__/storage';
import { DatabaseInstallJobStore } from '../DatabaseInstallJobStore';
import { DatabasePluginLock } from '../DatabasePluginLock';
import { InstallJobRunner, RunnerTiming } from '../InstallJobRunner';
import { InstallReconciler } from '../InstallReconciler';
import { InstallJobStore, UndoEntry } from '../InstallJobStore';
import { InstallSteps, PackageStepError, StepContext, StepOutcome } from '../InstallSteps';

export const FAST: RunnerTiming = { leaseMs: 5_000, heartbeatMs: 50, maxResumes: 3 };

/** A database with the marketplace's migrations, a job store and a lock over it. */
export async function createJobStore(databaseId: string) {
  const knex = await databases.init(databaseId as 'SQLITE_3');
  const database = mockServices.database({ knex });
  const store = await DatabaseInstallJobStore.create({ database });
  const lock = await DatabasePluginLock.create({ database });
  return { knex, database, store, lock };
}

/**
 * Steps that do no real work: they record what ran (per replica name), write
 * an undo entry in every step, and can be told to fail, or to wait until
 * released, at a step.
 */
export class FakeSteps implements InstallSteps {
  readonly ran: Array<{ jobId: string; pluginId: string; step: InstallStep; replica: string }> = [];
  readonly undone: UndoEntry[] = [];
  failAt?: { step: InstallStep; pluginId?: string; packageName?: string };
  private gates = new Map<string, { reached: () => void; reachedPromise: Promise<void>; release: () => void; released: Promise<void> }>();

  constructor(readonly replica = 'a') {}

  /** Makes the step wait; resolves the returned promise's `reached` when a job gets there. */
  hold(step: InstallStep, pluginId: string) {
    let reached!: () => void;
    let release!: () => void;
    const reachedPromise = new Promise<void>(r => (reached = r));
    const released = new Promise<void>(r => (release = r));
    this.gates.set(`${pluginId}:${step}`, { reached, reachedPromise, release, released });
    return { reached: reachedPromise, release };
  }

  async run(step: InstallStep, context: StepContext): Promise<StepOutcome> {
    const { job } = context;
    this.ran.push({ jobId: job.id, pluginId: job.pluginId, step, replica: this.replica });
    await context.recordUndo({ kind: `undo-${step}`, pluginId: job.pluginId });
    const gate = this.gates.get(`${job.pluginId}:${step}`);
    if (gate) {
      gate.reached();
      await Promise.race([
        gate.released,
        new Promise(resolve => context.signal.addEventListener('abort', resolve, { once: true })),
      ]);
    }
    if (this.failAt && this.failAt.step === step && (!this.failAt.pluginId || this.failAt.pluginId === job.pluginId)) {
      if (this.failAt.packageName) throw new PackageStepError(this.failAt.packageName, `${this.failAt.packageName} broke in ${step}`);
      throw new Error(`${step} broke`);
    }
    if (step === 'resolving') await context.setTarget('backend');
    return { message: `${step} of ${job.pluginId} done`, output: `${step} output` };
  }

  async undo(entry: UndoEntry): Promise<string> {
    this.undone.push(entry);
    return `undid ${entry.kind}`;
  }

  result(job: InstallJob) {
    return job.action === 'uninstall'
      ? { status: 'removed' as const, message: `${job.pluginId} removed` }
      : { status: 'pending-restart' as const, message: `${job.pluginId} ${job.version} is ready; restart the backend to load it` };
  }
}

/** A reconciler (one replica) over the store with the given steps. */
export function createReplica(
  deps: Awaited<ReturnType<typeof createJobStore>>,
  steps: InstallSteps,
  options: { maxConcurrent?: number; timing?: RunnerTiming } = {},
) {
  const logger = mockServices.logger.mock();
  const timing = options.timing ?? FAST;
  const runner = InstallJobRunner.create({ store: deps.store, lock: deps.lock, steps, logger, timing });
  return InstallReconciler.create({
    store: deps.store,
    lock: deps.lock,
    runner,
    logger,
    maxConcurrent: options.maxConcurrent ?? 4,
    leaseMs: timing.leaseMs,
  });
}

/** A new-install job request for the store. */
export function installJob(pluginId: string, version = '1.0.0', dependsOnPlugins: string[] = []) {
  return {
    pluginId,
    action: 'install' as const,
    version,
    packages: [{ name: `@test/${pluginId}-backend`, version, role: 'backend-plugin' as const, status: 'pending' as const }],
    dependsOnPlugins,
  };
}

/** Ticks the replicas until no job is queued or running, or gives up after `rounds`. */
export async function drain(replicas: InstallReconciler[], store: DatabaseInstallJobStore, rounds = 200) {
  for (let i = 0; i < rounds; i++) {
    await Promise.all(replicas.map(r => r.tick()));
    await Promise.all(replicas.map(r => r.idle()));
    const pending = [...(await store.listQueued(1)), ...(await store.listInProgress())];
    if (pending.length === 0) return;
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  throw new Error('Jobs did not settle');
}

/**
 * Queues one job changing a plugin of one package, as the install service
 * would from a plan (an update comes from 1.0.0); gives back the job.
 */
export async function queueJob(
  store: InstallJobStore,
  job: { pluginId: string; action: InstallAction; version?: string; pkg: { name: string; role: PackageRole }; config?: JsonObject },
): Promise<InstallJob> {
  const version = job.version ?? '1.0.0';
  const { jobs } = await store.createJobs({
    batchId: `batch-${job.pluginId}-${job.action}-${version}`,
    requestedBy: 'user:default/ada',
    jobs: [
      {
        pluginId: job.pluginId,
        action: job.action,
        version,
        fromVersion: job.action === 'update' ? '1.0.0' : undefined,
        packages: job.action === 'uninstall' ? [] : [{ name: job.pkg.name, version, role: job.pkg.role, status: 'pending' }],
        config: job.config,
        dependsOnPlugins: [],
      },
    ],
  });
  return jobs[0];
}
