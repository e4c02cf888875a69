import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  InstallJob,
  InstallJobEvent,
  InstallJobPackage,
  InstallJobState,
  InstallTarget,
} from '@internal/backstage-plugin-marketplace-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import {
  CreatedJobs,
  Installation,
  InstallJobStore,
  JobFinish,
  NewInstallJob,
  NewJobEvent,
  UndoEntry,
} from './InstallJobStore';
import {
  InstallationRow,
  isUniqueViolation,
  JobRow,
  toEvent,
  toInstallation,
  toJob,
} from './rows';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-marketplace-backend',
  'migrations',
);

const RUNNING_STATES: InstallJobState[] = [
  'resolving',
  'downloading',
  'verifying',
  'extracting',
  'configuring',
  'activating',
];
const MAX_OUTPUT = 8192;
// Two requests for the same plugin racing each other: the loser retries and finds the winner's job.
const CREATE_ATTEMPTS = 3;

function now(): string {
  return new Date().toISOString();
}

function pendingPackages(packages: InstallJobPackage[]): InstallJobPackage[] {
  return packages.map(({ name, version, role }) => ({ name, version, role, status: 'pending' }));
}

/**
 * Install jobs, their events and the desired state in `installations`, on
 * Postgres or SQLite. One unfinished job per plugin is enforced by a unique
 * index, so concurrent requests on any replica cannot both start a change.
 *
 * @public
 */
export class DatabaseInstallJobStore implements InstallJobStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseInstallJobStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseInstallJobStore(db);
  }

  async createJobs(options: { batchId: string; requestedBy: string; jobs: NewInstallJob[] }): Promise<CreatedJobs> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(tx => this.insertJobs(tx, options));
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= CREATE_ATTEMPTS) throw error;
      }
    }
  }

  private async insertJobs(
    tx: Knex.Transaction,
    options: { batchId: string; requestedBy: string; jobs: NewInstallJob[] },
  ): Promise<CreatedJobs> {
    const involved = [...new Set(options.jobs.flatMap(j => [j.pluginId, ...j.dependsOnPlugins]))];
    const active = new Map<string, JobRow>();
    for (const row of (await tx('install_jobs').whereIn('active_plugin_id', involved)) as JobRow[]) {
      active.set(row.plugin_id, row);
    }
    const jobIds = new Map<string, string>();
    const jobs: InstallJob[] = [];
    const alreadyInProgress: string[] = [];
    // Jobs of one request are picked up in the order given (dependencies first): each gets
    // its own millisecond, since created_at then id (random) decides the order of the queue.
    const createdAt = Date.now();
    for (const [index, job] of options.jobs.entries()) {
      const running = active.get(job.pluginId);
      if (running) {
        if (running.action !== job.action || (running.version ?? undefined) !== job.version) {
          throw new ConflictError(
            `${job.pluginId} has a change in progress (job ${running.id}: ${running.action}${
              running.version ? ` ${running.version}` : ''
            }, ${running.state}); cancel it or wait for it to finish`,
          );
        }
        jobIds.set(job.pluginId, running.id);
        jobs.push(toJob(running));
        alreadyInProgress.push(job.pluginId);
        continue;
      }
      const id = randomUUID();
      const dependsOn = job.dependsOnPlugins
        .map(p => jobIds.get(p) ?? active.get(p)?.id)
        .filter((x): x is string => Boolean(x));
      const previous = await tx('installations').where({ plugin_id: job.pluginId }).first();
      const row: JobRow = {
        id,
        batch_id: options.batchId,
        plugin_id: job.pluginId,
        active_plugin_id: job.pluginId,
        action: job.action,
        version: job.version ?? null,
        from_version: job.fromVersion ?? null,
        state: 'queued',
        target: job.target ?? null,
        packages: JSON.stringify(pendingPackages(job.packages)),
        config: job.config ? JSON.stringify(job.config) : null,
        depends_on: JSON.stringify(dependsOn),
        undo: '[]',
        previous: previous ? JSON.stringify(previous) : null,
        result: null,
        error: null,
        attempt: 1,
        resumes: 0,
        cancel_requested: false,
        rolled_back: false,
        requested_by: options.requestedBy,
        created_at: new Date(createdAt + index).toISOString(),
        updated_at: now(),
        started_at: null,
        finished_at: null,
      };
      await tx('install_jobs').insert(row);
      await this.writeDesired(tx, row, previous);
      await tx('install_job_events').insert(this.eventRow(row, {
        step: 'queued',
        status: 'info',
        message: `Queued by ${options.requestedBy}: ${describe(row)}`,
      }));
      jobIds.set(job.pluginId, id);
      jobs.push(toJob(row));
    }
    return { jobs, alreadyInProgress };
  }

  /** The desired state while a job runs: what it is installing, or that it is being removed. */
  private async writeDesired(tx: Knex.Transaction, job: JobRow, previous: InstallationRow | undefined) {
    if (job.action === 'uninstall') {
      await tx('installations').where({ plugin_id: job.plugin_id }).update({
        status: 'uninstalling',
        status_message: null,
        updated_at: now(),
        job_id: job.id,
      });
      return;
    }
    const row: InstallationRow = {
      plugin_id: job.plugin_id,
      version: job.version!,
      status: 'installing',
      status_message: null,
      installed_at: previous?.installed_at ?? now(),
      installed_by: previous?.installed_by ?? job.requested_by,
      updated_at: now(),
      target: job.target,
      packages: job.packages,
      job_id: job.id,
    };
    await tx('installations').insert(row).onConflict('plugin_id').merge();
  }

  private eventRow(job: Pick<JobRow, 'id' | 'attempt'>, event: NewJobEvent) {
    return {
      job_id: job.id,
      attempt: job.attempt,
      step: event.step,
      status: event.status,
      package: event.package ?? null,
      message: event.message,
      output: event.output ? event.output.slice(-MAX_OUTPUT) : null,
      duration_ms: event.durationMs ?? null,
      created_at: now(),
    };
  }

  async getJob(id: string): Promise<InstallJob | undefined> {
    const row = await this.db('install_jobs').where({ id }).first();
    return row ? toJob(row) : undefined;
  }

  async getJobConfig(id: string): Promise<JsonObject | undefined> {
    const row = await this.db('install_jobs').where({ id }).first('config');
    return row?.config ? JSON.parse(row.config) : undefined;
  }

  async listJobs(options: { batchId?: string; pluginId?: string; limit: number }): Promise<InstallJob[]> {
    const query = this.db('install_jobs').orderBy('created_at', 'desc').orderBy('id').limit(options.limit);
    if (options.batchId) query.where({ batch_id: options.batchId });
    if (options.pluginId) query.where({ plugin_id: options.pluginId });
    return (await query).map(toJob);
  }

  async listQueued(limit: number): Promise<InstallJob[]> {
    const rows = await this.db('install_jobs').where({ state: 'queued' }).orderBy('created_at').orderBy('id').limit(limit);
    return rows.map(toJob);
  }

  async listInProgress(): Promise<InstallJob[]> {
    const rows = await this.db('install_jobs').whereIn('state', RUNNING_STATES).orderBy('created_at');
    return rows.map(toJob);
  }

  async updateProgress(
    id: string,
    patch: { state?: InstallJobState; packages?: InstallJobPackage[]; target?: InstallTarget; started?: boolean },
  ): Promise<void> {
    const update: Record<string, unknown> = { updated_at: now() };
    if (patch.state) update.state = patch.state;
    if (patch.packages) update.packages = JSON.stringify(patch.packages);
    if (patch.target) update.target = patch.target;
    if (patch.started) update.started_at = now();
    // A finished job is never moved back into a step.
    await this.db('install_jobs').where({ id }).whereNotNull('active_plugin_id').update(update);
  }

  async appendUndo(id: string, entry: UndoEntry): Promise<void> {
    await this.db.transaction(async tx => {
      const row = await tx('install_jobs').where({ id }).first('undo');
      if (!row) throw new NotFoundError(`No install job ${id}`);
      const undo = JSON.parse(row.undo) as UndoEntry[];
      await tx('install_jobs').where({ id }).update({ undo: JSON.stringify([...undo, entry]) });
    });
  }

  async getUndo(id: string): Promise<UndoEntry[]> {
    const row = await this.db('install_jobs').where({ id }).first('undo');
    return row ? JSON.parse(row.undo) : [];
  }

  async recordResume(id: string): Promise<number> {
    await this.db('install_jobs').where({ id }).increment('resumes', 1);
    const row = await this.db('install_jobs').where({ id }).first('resumes');
    return Number(row?.resumes ?? 0);
  }

  async appendEvent(jobId: string, event: NewJobEvent): Promise<InstallJobEvent> {
    const job = await this.db('install_jobs').where({ id: jobId }).first('id', 'attempt');
    if (!job) throw new NotFoundError(`No install job ${jobId}`);
    const row = this.eventRow(job, event);
    const [inserted] = await this.db('install_job_events').insert(row).returning('id');
    return toEvent({ ...row, id: typeof inserted === 'object' ? inserted.id : inserted });
  }

  async listEvents(jobId: string, afterId = 0): Promise<InstallJobEvent[]> {
    const rows = await this.db('install_job_events').where({ job_id: jobId }).where('id', '>', afterId).orderBy('id');
    return rows.map(toEvent);
  }

  async finish(id: string, finish: JobFinish): Promise<InstallJob> {
    return this.db.transaction(tx => this.finishIn(tx, id, finish));
  }

  private async finishIn(tx: Knex.Transaction, id: string, finish: JobFinish): Promise<InstallJob> {
    const row = (await tx('install_jobs').where({ id }).first()) as JobRow | undefined;
    if (!row) throw new NotFoundError(`No install job ${id}`);
    // Finished already, by this runner before a crash or by another one: nothing more to settle.
    if (row.active_plugin_id === null) return toJob(row);
    const update = {
      state: finish.state,
      error: finish.error ? JSON.stringify(finish.error) : null,
      result: finish.result ? JSON.stringify(finish.result) : null,
      rolled_back: Boolean(finish.rolledBack),
      active_plugin_id: null,
      finished_at: now(),
      updated_at: now(),
    };
    await tx('install_jobs').where({ id }).update(update);
    const installation = tx('installations').where({ plugin_id: row.plugin_id });
    if (finish.state === 'done') {
      if (row.action === 'uninstall') {
        await installation.delete();
      } else {
        await installation.update({
          version: row.version,
          status: finish.result?.status ?? 'installed',
          status_message: null,
          packages: row.packages,
          target: row.target,
          updated_at: now(),
          job_id: row.id,
        });
      }
    } else {
      const previous = row.previous ? (JSON.parse(row.previous) as InstallationRow) : undefined;
      if (previous) {
        await tx('installations').insert(previous).onConflict('plugin_id').merge();
      } else {
        await installation.where({ job_id: row.id }).delete();
      }
    }
    return toJob({ ...row, ...update, rolled_back: update.rolled_back });
  }

  async requestCancel(id: string): Promise<InstallJob> {
    return this.db.transaction(async tx => {
      const row = (await tx('install_jobs').where({ id }).first()) as JobRow | undefined;
      if (!row) throw new NotFoundError(`No install job ${id}`);
      if (row.active_plugin_id === null) {
        throw new ConflictError(`Job ${id} has already finished (${row.state}); there is nothing to cancel`);
      }
      if (row.state === 'queued') {
        await tx('install_job_events').insert(this.eventRow(row, {
          step: 'cancelled',
          status: 'info',
          message: 'Cancelled before it started',
        }));
        return this.finishIn(tx, id, { state: 'cancelled', rolledBack: false });
      }
      await tx('install_jobs').where({ id }).update({ cancel_requested: true, updated_at: now() });
      return toJob({ ...row, cancel_requested: true });
    });
  }

  async retry(id: string, requestedBy: string): Promise<InstallJob> {
    try {
      return await this.db.transaction(async tx => {
        const row = (await tx('install_jobs').where({ id }).first()) as JobRow | undefined;
        if (!row) throw new NotFoundError(`No install job ${id}`);
        if (row.state !== 'failed' && row.state !== 'cancelled') {
          throw new ConflictError(`Only a failed or cancelled job can be retried; job ${id} is ${row.state}`);
        }
        const previous = await tx('installations').where({ plugin_id: row.plugin_id }).first();
        if (row.action === 'uninstall' && !previous) {
          throw new ConflictError(`${row.plugin_id} is not installed any more; there is nothing to uninstall`);
        }
        const update = {
          state: 'queued',
          active_plugin_id: row.plugin_id,
          attempt: row.attempt + 1,
          resumes: 0,
          cancel_requested: false,
          rolled_back: false,
          error: null,
          result: null,
          undo: '[]',
          previous: previous ? JSON.stringify(previous) : null,
          packages: JSON.stringify(pendingPackages(JSON.parse(row.packages))),
          started_at: null,
          finished_at: null,
          updated_at: now(),
        };
        await tx('install_jobs').where({ id }).update(update);
        const next = { ...row, ...update } as JobRow;
        await this.writeDesired(tx, next, previous);
        await tx('install_job_events').insert(this.eventRow(next, {
          step: 'queued',
          status: 'info',
          message: `Retried by ${requestedBy} (attempt ${next.attempt})`,
        }));
        return toJob(next);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const job = await this.getJob(id);
      throw new ConflictError(`${job?.pluginId ?? 'The plugin'} has another change in progress; wait for it or cancel it before retrying`);
    }
  }

  async getInstallation(pluginId: string): Promise<Installation | undefined> {
    const row = await this.db('installations').where({ plugin_id: pluginId }).first();
    return row ? toInstallation(row) : undefined;
  }

  async adoptInstallation(installation: Omit<Installation, 'installedAt' | 'updatedAt' | 'status'>): Promise<boolean> {
    const row: InstallationRow = {
      plugin_id: installation.pluginId,
      version: installation.version,
      status: 'installed',
      installed_at: now(),
      installed_by: installation.installedBy ?? null,
      updated_at: now(),
      target: installation.target ?? null,
      packages: JSON.stringify(installation.packages),
      job_id: installation.jobId ?? null,
    };
    const inserted = await this.db('installations').insert(row).onConflict('plugin_id').ignore().returning('plugin_id');
    return inserted.length > 0;
  }

  async updateInstallationStatus(pluginId: string, from: Installation['status'], to: Installation['status'], message?: string): Promise<boolean> {
    const updated = await this.db('installations')
      .where({ plugin_id: pluginId, status: from })
      .update({ status: to, status_message: message ?? null, updated_at: now() });
    return updated > 0;
  }

  async listInstallations(): Promise<Installation[]> {
    return (await this.db('installations').orderBy('plugin_id')).map(toInstallation);
  }
}

function describe(row: JobRow): string {
  if (row.action === 'uninstall') return `uninstall ${row.plugin_id}`;
  if (row.action === 'update') return `update ${row.plugin_id} from ${row.from_version} to ${row.version}`;
  return `install ${row.plugin_id} ${row.version}`;
}
