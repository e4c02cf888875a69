import {
  InstallJob,
  InstallJobEvent,
} from '@internal/backstage-plugin-marketplace-common';
import { Installation } from './InstallJobStore';

/** A row of `install_jobs` as the databases return it. */
export interface JobRow {
  id: string;
  batch_id: string;
  plugin_id: string;
  active_plugin_id: string | null;
  action: string;
  version: string | null;
  from_version: string | null;
  state: string;
  target: string | null;
  packages: string;
  config: string | null;
  depends_on: string;
  undo: string;
  previous: string | null;
  result: string | null;
  error: string | null;
  attempt: number;
  resumes: number;
  cancel_requested: boolean | number;
  rolled_back: boolean | number;
  requested_by: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** A row of `installations`. */
export interface InstallationRow {
  plugin_id: string;
  version: string;
  status: string;
  installed_at: string;
  installed_by: string | null;
  updated_at: string;
  target: string | null;
  packages: string | null;
  job_id: string | null;
  status_message?: string | null;
}

function parse<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined) return fallback;
  return JSON.parse(text) as T;
}

/** Public view of a job row. */
export function toJob(row: JobRow): InstallJob {
  return {
    id: row.id,
    batchId: row.batch_id,
    pluginId: row.plugin_id,
    action: row.action as InstallJob['action'],
    version: row.version ?? undefined,
    fromVersion: row.from_version ?? undefined,
    state: row.state as InstallJob['state'],
    target: (row.target ?? undefined) as InstallJob['target'],
    packages: parse(row.packages, []),
    dependsOn: parse(row.depends_on, []),
    attempt: Number(row.attempt),
    resumes: Number(row.resumes),
    cancelRequested: Boolean(row.cancel_requested),
    rolledBack: Boolean(row.rolled_back),
    error: parse(row.error, undefined),
    result: parse(row.result, undefined),
    requestedBy: row.requested_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at ?? undefined,
    finishedAt: row.finished_at ?? undefined,
  };
}

/** A desired-state row. */
export function toInstallation(row: InstallationRow): Installation {
  return {
    pluginId: row.plugin_id,
    version: row.version,
    status: row.status as Installation['status'],
    installedAt: row.installed_at,
    installedBy: row.installed_by ?? undefined,
    updatedAt: row.updated_at,
    target: (row.target ?? undefined) as Installation['target'],
    packages: parse(row.packages, []),
    jobId: row.job_id ?? undefined,
    statusMessage: row.status_message ?? undefined,
  };
}

/** An event row. */
export function toEvent(row: any): InstallJobEvent {
  return {
    id: Number(row.id),
    jobId: row.job_id,
    attempt: Number(row.attempt),
    step: row.step,
    status: row.status,
    package: row.package ?? undefined,
    message: row.message,
    output: row.output ?? undefined,
    durationMs: row.duration_ms === null ? undefined : Number(row.duration_ms),
    createdAt: row.created_at,
  };
}

/** Whether a database error is a unique or primary key violation, on Postgres or SQLite. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed|duplicate key value/.test(e?.message ?? '');
}
