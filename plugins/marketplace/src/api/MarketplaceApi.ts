import { createApiRef } from '@backstage/frontend-plugin-api';
import { JsonObject } from '@backstage/types';
import {
  AppEnvironment,
  BulkConfigRequest,
  BulkConfigResponse,
  BulkUpdateRequest,
  BulkUpdateResponse,
  CategoryCount,
  ConfigPreview,
  ConfigRevision,
  ConfigValidation,
  ConfigurationForm,
  DependencyAnalysis,
  InstallJob,
  InstallJobEvent,
  InstallExport,
  InstallPlan,
  InstallPlanRequest,
  InstallRequest,
  InstallResponse,
  ManagedConfig,
  InstalledPlugin,
  MarketplaceHealth,
  PluginChangelog,
  PluginDependency,
  PluginDetails,
  PluginDocumentation,
  PluginListResponse,
  PluginSortField,
  PluginVersion,
  PopularPlugin,
  RankedPlugin,
  Recommendation,
  RestartStatus,
  SearchMode,
  SearchResult,
  SearchSort,
  Suggestion,
  TrendingRange,
  UninstallPlan,
  UpdatePlan,
  RegistryStatus,
} from '@internal/backstage-plugin-marketplace-common';

/**
 * The events of a job after a given event id, with the job as it is now.
 *
 * @public
 */
export interface InstallJobEvents {
  job: InstallJob;
  items: InstallJobEvent[];
}

/**
 * What `DELETE /installed/:pluginId` answers: the removal plan carried out and its job.
 *
 * @public
 */
export interface UninstallResponse {
  plan: UninstallPlan;
  job: InstallJob;
}

/**
 * Parameters of a plugin search; list parameters match any of their values.
 *
 * @public
 */
export interface SearchPluginsRequest {
  q?: string;
  mode?: SearchMode;
  sort?: SearchSort;
  limit?: number;
  cursor?: string;
  category?: string[];
  author?: string[];
  tag?: string[];
  license?: string[];
  role?: string[];
  source?: string[];
  installed?: boolean;
  compatibleWith?: string;
  updatedWithinDays?: number;
  minQuality?: number;
  minDownloads?: number;
}

/**
 * A page of search results.
 *
 * @public
 */
export type SearchPluginsResponse = SearchResult;

/**
 * Parameters of a plugin list request.
 *
 * @public
 */
export interface ListPluginsRequest {
  offset?: number;
  limit?: number;
  sort?: PluginSortField;
  order?: 'asc' | 'desc';
  category?: string;
  source?: string;
}

/**
 * The dependencies one release of a plugin declares.
 *
 * @public
 */
export interface PluginDependencies {
  pluginId: string;
  version: string;
  dependencies: PluginDependency[];
}

/**
 * A change of the managed config: the whole file as YAML, or one plugin's part
 * as an object. `baseRevision` is the revision the change was made on; the
 * backend refuses it (409) when the file has moved on since.
 *
 * @public
 */
export type SaveManagedConfigRequest =
  | { yaml: string; message: string; baseRevision: number }
  | { pluginId: string; config: JsonObject; message: string; baseRevision: number };

/**
 * Client for the marketplace backend, `/api/marketplace`.
 *
 * @public
 */
export interface MarketplaceApi {
  getHealth(): Promise<MarketplaceHealth>;
  /** The registry's sources and how far search by meaning has caught up with it. */
  getRegistryStatus(): Promise<RegistryStatus>;
  /** The app's Backstage release, for compatibility. */
  getEnvironment(): Promise<AppEnvironment>;
  listPlugins(request: ListPluginsRequest): Promise<PluginListResponse>;
  listCategories(): Promise<CategoryCount[]>;
  searchPlugins(request: SearchPluginsRequest): Promise<SearchPluginsResponse>;
  autocomplete(prefix: string, limit?: number): Promise<Suggestion[]>;
  getTrending(request?: {
    range?: TrendingRange;
    limit?: number;
    category?: string;
  }): Promise<RankedPlugin[]>;
  getPopular(request?: { limit?: number; category?: string }): Promise<PopularPlugin[]>;
  getRecommendations(limit?: number): Promise<Recommendation[]>;
  getSimilar(pluginId: string, limit?: number): Promise<RankedPlugin[]>;
  getPlugin(pluginId: string): Promise<PluginDetails>;
  getVersions(pluginId: string): Promise<PluginVersion[]>;
  getDependencies(pluginId: string, version?: string): Promise<PluginDependencies>;
  getChangelog(pluginId: string): Promise<PluginChangelog>;
  getDocumentation(pluginId: string): Promise<PluginDocumentation>;
  listInstalled(): Promise<InstalledPlugin[]>;
  /** Records that the user viewed a plugin or opened it from search results. */
  recordEvent(event: { pluginId: string; type: 'view' | 'search-click' }): Promise<void>;

  /** Resolves what installing the requested plugins would take, with problems in words. */
  planInstall(request: InstallPlanRequest): Promise<InstallPlan>;
  /** The dependencies, conflicts and companions of one release of a plugin. */
  getDependencyAnalysis(pluginId: string, version?: string): Promise<DependencyAnalysis>;
  /** Updates available for the installed plugins. */
  getUpdatePlan(options?: { prerelease?: boolean }): Promise<UpdatePlan>;

  /** Starts installing (or updating) plugins: one job per plugin the plan changes. */
  install(request: InstallRequest): Promise<InstallResponse>;
  /** The same request as a change to review (a git patch and a summary), for teams that deploy from git; installs nothing. */
  exportInstall(request: InstallRequest): Promise<InstallExport>;
  /**
   * Starts updating installed plugins (every one with an update when
   * `plugins` is absent) as one batch; breaking updates are skipped, with
   * the reason, unless `allowBreaking`.
   */
  updatePlugins(request?: BulkUpdateRequest): Promise<BulkUpdateResponse>;
  /** Recent jobs, newest first; filtered by batch or plugin. */
  listInstallJobs(query?: { batchId?: string; pluginId?: string; limit?: number }): Promise<InstallJob[]>;
  getInstallJob(jobId: string): Promise<InstallJob>;
  /** The job's events after event id `after` (all when absent), with the job. */
  getInstallJobEvents(jobId: string, after?: number): Promise<InstallJobEvents>;
  /** Asks a running job to stop; it rolls back what it did. */
  cancelInstallJob(jobId: string): Promise<InstallJob>;
  /** Runs a failed or cancelled job again, as a new attempt. */
  retryInstallJob(jobId: string): Promise<InstallJob>;
  /** What uninstalling a plugin removes: packages, config keys, data. */
  getRemovalPlan(pluginId: string): Promise<UninstallPlan>;
  /** Uninstalls a plugin; `confirm` is needed when its data goes with it. */
  uninstall(pluginId: string, options?: { confirm?: boolean }): Promise<UninstallResponse>;
  /**
   * Restarts the backend so that plugins waiting for a restart load (admins):
   * the replica that answers, or every replica one at a time.
   */
  restartBackend(options?: { replicas?: 'this' | 'all' }): Promise<void>;
  /** What waits for a backend restart, and whether the backend can be restarted from the app. */
  getRestartStatus(): Promise<RestartStatus>;

  /** The form (schema, uiSchema, pre-filled values, steps) that configures a plugin. */
  getConfigurationForm(pluginId: string): Promise<ConfigurationForm>;
  /** Validates a plugin's configuration against its schema; errors point at fields. */
  validatePluginConfig(pluginId: string, config: JsonObject): Promise<ConfigValidation>;
  /** What the managed config file would become with this plugin configuration. */
  previewPluginConfig(pluginId: string, config: JsonObject): Promise<ConfigPreview>;

  /** The managed config file and its revision. */
  getManagedConfig(): Promise<ManagedConfig>;
  /** Saves the managed config (whole file or one plugin's part) as a new revision. */
  saveManagedConfig(request: SaveManagedConfigRequest): Promise<ConfigRevision>;
  /** Saves several plugins' parts of the managed config as one revision. */
  savePluginConfigs(request: BulkConfigRequest): Promise<BulkConfigResponse>;
  /** Validates the whole managed file; errors carry YAML line numbers. */
  validateManagedConfig(yaml: string): Promise<ConfigValidation>;
  /** Every revision of the managed config, newest first. */
  listConfigRevisions(): Promise<ConfigRevision[]>;
  getConfigRevision(revision: number): Promise<ConfigRevision>;
  /**
   * Makes the file what it was at `revision`, as a new revision; with
   * `baseRevision`, refused (409) unless the file is still at that revision.
   */
  rollbackConfig(
    revision: number,
    options?: { message?: string; baseRevision?: number },
  ): Promise<ConfigRevision>;
}

/**
 * @public
 */
export const marketplaceApiRef = createApiRef<MarketplaceApi>({
  id: 'plugin.marketplace.api',
});
