import { JsonObject } from '@backstage/types';
import { PackageRole } from './PluginSpecification';
import { InstallPlan, PluginRequirement } from './planning';

/**
 * The steps of an install job, in the order they run.
 *
 * @public
 */
export const INSTALL_STEPS = [
  'resolving',
  'downloading',
  'verifying',
  'extracting',
  'configuring',
  'activating',
] as const;

/**
 * One of {@link INSTALL_STEPS}.
 *
 * @public
 */
export type InstallStep = (typeof INSTALL_STEPS)[number];

/**
 * Where a job is: `queued`, one of the steps, or finished (`done`, `failed`, `cancelled`).
 *
 * @public
 */
export type InstallJobState = 'queued' | InstallStep | 'done' | 'failed' | 'cancelled';

/**
 * What a job changes.
 *
 * @public
 */
export type InstallAction = 'install' | 'update' | 'uninstall';

/**
 * What waits for a backend restart (`GET /install/restart`).
 *
 * @public
 */
export interface RestartStatus {
  /** Whether `POST /install/restart` works: a supervisor starts the backend again. */
  supervised: boolean;
  /** When the answering backend process started. */
  startedAt: string;
  /** Changes the running process does not serve yet. */
  waiting: Array<{ pluginId: string; action: InstallAction; target: InstallTarget; message: string }>;
  /** The backend replicas sharing the marketplace's database that reported recently, oldest process first. */
  replicas: ReplicaStatus[];
  /** The newest request to restart every replica, while replicas started before it remain. */
  rolling?: RollingRestartStatus;
}

/**
 * A backend replica and what it does not run yet.
 *
 * @public
 */
export interface ReplicaStatus {
  /** Kept on the replica's disk: the same across its restarts. */
  id: string;
  hostname: string;
  pid: number;
  /** When its running process started. */
  startedAt: string;
  lastSeenAt: string;
  /** Whether a supervisor starts it again, so that it can restart itself. */
  supervised: boolean;
  /** Whether it is the replica that answered. */
  self: boolean;
  /** Whether it is down for a rolling restart. */
  restarting: boolean;
  /** Installed backend and frontend plugins it does not run at the installed version, and removed ones it still runs. */
  behind: Array<{ pluginId: string; message: string }>;
}

/**
 * A rolling restart under way.
 *
 * @public
 */
export interface RollingRestartStatus {
  requestedAt: string;
  requestedBy: string;
  /** Replicas (that can restart themselves) whose process started before the request. */
  remaining: string[];
}

/**
 * How an installed plugin reaches the running app.
 *
 * - `backend`: npm packages in the dynamic plugins root, loaded after a restart
 * - `frontend`: npm packages the app bundle must include (rebuild)
 * - `sandbox`: an isolated-vm plugin, live at once
 * - `manual`: steps a person follows; the marketplace records the state only
 *
 * @public
 */
export type InstallTarget = 'backend' | 'frontend' | 'sandbox' | 'manual';

/**
 * The state of an installation (a row of the desired state).
 *
 * @public
 */
export type InstallationStatus =
  | 'installing'
  | 'installed'
  | 'pending-restart'
  | 'pending-rebuild'
  | 'uninstalling'
  | 'failed';

/**
 * One npm package of a job, with how far it got.
 *
 * @public
 */
export interface InstallJobPackage {
  name: string;
  version: string;
  role: PackageRole;
  status: 'pending' | 'resolved' | 'downloaded' | 'verified' | 'extracted' | 'active' | 'stored' | 'removed' | 'failed';
  /** `dist.integrity` of the packument (`sha512-…`). */
  integrity?: string;
  /** The tarball URL of the packument. */
  tarball?: string;
  /** Hex sha512 of the tarball: the package's place in the content-addressed store. */
  digest?: string;
  /** What went wrong with this package. */
  error?: string;
}

/**
 * A failure of a job.
 *
 * @public
 */
export interface InstallJobError {
  step: InstallStep | 'queued';
  message: string;
  package?: string;
}

/**
 * An install, update or uninstall of one plugin.
 *
 * @public
 */
export interface InstallJob {
  id: string;
  /** Jobs made by one request share it. */
  batchId: string;
  pluginId: string;
  action: InstallAction;
  version?: string;
  fromVersion?: string;
  state: InstallJobState;
  target?: InstallTarget;
  packages: InstallJobPackage[];
  /** Jobs that must be done before this one starts (the plugin's dependencies). */
  dependsOn: string[];
  /** 1 for the first run; each retry adds one. */
  attempt: number;
  /** Times another runner took the job over after its runner stopped (crash, kill). */
  resumes: number;
  cancelRequested: boolean;
  /** Whether what the job did was undone after a failure or a cancel. */
  rolledBack: boolean;
  error?: InstallJobError;
  /** What the finished job left: the installation's status and a sentence for the admin. */
  result?: { status: InstallationStatus | 'removed'; message: string };
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
}

/**
 * One event of a job: a step started, succeeded, failed, was skipped or rolled back.
 *
 * @public
 */
export interface InstallJobEvent {
  id: number;
  jobId: string;
  attempt: number;
  step: InstallStep | 'queued' | 'rollback' | 'done' | 'failed' | 'cancelled';
  status: 'started' | 'succeeded' | 'failed' | 'skipped' | 'info';
  /** The npm package the event is about, for per-package progress and errors. */
  package?: string;
  message: string;
  /** Output of the step (e.g. npm's), cut to a few KiB. */
  output?: string;
  durationMs?: number;
  createdAt: string;
}

/**
 * Body of `POST /install`.
 *
 * @public
 */
export interface InstallRequest {
  plugins: PluginRequirement[];
  /** Each plugin's part of app-config, by plugin id, e.g. `{ "x.todo": { "todo": { … } } }`. */
  config?: Record<string, JsonObject>;
  allowPrerelease?: boolean;
}

/**
 * Answer of `POST /install`: the plan the jobs were made from and the jobs.
 *
 * @public
 */
export interface InstallResponse {
  batchId: string;
  plan: InstallPlan;
  /** One job per plugin the plan installs or changes, in install order. */
  jobs: InstallJob[];
  /** Plugins that already had the same change in progress: their running job is in `jobs`. */
  alreadyInProgress: string[];
}

/**
 * Answer of `POST /install/export`: an install as a change to review and
 * apply with git instead of running it.
 *
 * @public
 */
export interface InstallExport {
  /** What the change does and what it leaves to be done by hand, in plain text. */
  summary: string;
  /** The diff of each file the change touches, paths relative to the repository root. */
  files: Array<{ path: string; diff: string }>;
  /** Every file's diff as one patch that `git apply` accepts; empty when no file changes. */
  patch: string;
}

/**
 * What uninstalling a plugin removes (`GET /installed/:pluginId/removal`).
 *
 * @public
 */
export interface UninstallPlan {
  pluginId: string;
  version: string;
  target?: InstallTarget;
  /** npm packages that go. */
  packages: Array<{ name: string; version: string; role: PackageRole }>;
  /** Top-level keys of the plugin's part of the managed config that are removed. */
  configKeys: string[];
  /** What happens to data the plugin stored, from its specification. */
  dataRemoval: 'none' | 'plugin-database' | 'manual';
  warnings: string[];
  /** Installed plugins that depend on this one. */
  dependents: string[];
  /** Whether `DELETE /installed/:pluginId` needs `?confirm=true`. */
  confirmRequired: boolean;
}

/**
 * Body of `POST /install/updates`.
 *
 * @public
 */
export interface BulkUpdateRequest {
  /** The installed plugins to update; every installed plugin with an update when absent. */
  plugins?: string[];
  allowPrerelease?: boolean;
  /** Take breaking (major) updates too; without it they are skipped with a reason. */
  allowBreaking?: boolean;
}

/**
 * A plugin `POST /install/updates` did not update, and why.
 *
 * @public
 */
export interface SkippedUpdate {
  pluginId: string;
  reason: string;
}

/**
 * Answer of `POST /install/updates`: the update jobs, made as one batch, and
 * the plugins left as they are.
 *
 * @public
 */
export interface BulkUpdateResponse {
  batchId: string;
  /** One job per plugin the updates change, in install order. */
  jobs: InstallJob[];
  skipped: SkippedUpdate[];
  /** Plugins that already had the same change in progress: their running job is in `jobs`. */
  alreadyInProgress: string[];
}
