import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
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
  InstallExport,
  InstallJob,
  InstallPlan,
  InstallPlanRequest,
  InstallRequest,
  InstallResponse,
  ManagedConfig,
  InstalledPlugin,
  MARKETPLACE_PLUGIN_ID,
  MarketplaceHealth,
  PluginChangelog,
  PluginDetails,
  PluginDocumentation,
  PluginListResponse,
  PluginVersion,
  PopularPlugin,
  RankedPlugin,
  Recommendation,
  RestartStatus,
  Suggestion,
  TrendingRange,
  UninstallPlan,
  UpdatePlan,
  RegistryStatus,
} from '@internal/backstage-plugin-marketplace-common';
import {
  InstallJobEvents,
  UninstallResponse,
  ListPluginsRequest,
  MarketplaceApi,
  PluginDependencies,
  SaveManagedConfigRequest,
  SearchPluginsRequest,
  SearchPluginsResponse,
} from './MarketplaceApi';

type QueryValue = string | number | boolean | string[] | undefined;

/** Builds a query string; arrays repeat their key, empty values are left out. */
export function toQueryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    for (const one of Array.isArray(value) ? value : [value]) {
      search.append(key, String(one));
    }
  }
  const query = search.toString();
  return query ? `?${query}` : '';
}

function pluginPath(pluginId: string): string {
  return `/plugins/${encodeURIComponent(pluginId)}`;
}

function jobPath(jobId: string): string {
  return `/install/jobs/${encodeURIComponent(jobId)}`;
}

/**
 * Talks to the marketplace backend through the app's discovery and fetch APIs,
 * so requests carry the user's token and follow the configured base URL.
 *
 * @public
 */
export class MarketplaceClient implements MarketplaceApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private environment?: Promise<AppEnvironment>;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getHealth(): Promise<MarketplaceHealth> {
    return this.get<MarketplaceHealth>('/health');
  }

  async getRegistryStatus(): Promise<RegistryStatus> {
    return this.get<RegistryStatus>('/status');
  }

  // The app's release does not change while the page is open: every page asks, one request answers.
  async getEnvironment(): Promise<AppEnvironment> {
    if (!this.environment) {
      this.environment = this.get<AppEnvironment>('/environment').catch(error => {
        this.environment = undefined;
        throw error;
      });
    }
    return this.environment;
  }

  async listPlugins(request: ListPluginsRequest): Promise<PluginListResponse> {
    return this.get<PluginListResponse>(`/plugins${toQueryString({ ...request })}`);
  }

  async searchPlugins(request: SearchPluginsRequest): Promise<SearchPluginsResponse> {
    return this.get<SearchPluginsResponse>(`/plugins/search${toQueryString({ ...request })}`);
  }

  async autocomplete(prefix: string, limit?: number): Promise<Suggestion[]> {
    const query = toQueryString({ q: prefix, limit });
    return (await this.get<{ items: Suggestion[] }>(`/plugins/autocomplete${query}`)).items;
  }

  async getTrending(
    request: { range?: TrendingRange; limit?: number; category?: string } = {},
  ): Promise<RankedPlugin[]> {
    const query = toQueryString({ ...request });
    return (await this.get<{ items: RankedPlugin[] }>(`/plugins/trending${query}`)).items;
  }

  async getPopular(
    request: { limit?: number; category?: string } = {},
  ): Promise<PopularPlugin[]> {
    const query = toQueryString({ ...request });
    return (await this.get<{ items: PopularPlugin[] }>(`/plugins/popular${query}`)).items;
  }

  async getRecommendations(limit?: number): Promise<Recommendation[]> {
    const query = toQueryString({ limit });
    return (await this.get<{ items: Recommendation[] }>(`/plugins/recommendations${query}`))
      .items;
  }

  async getSimilar(pluginId: string, limit?: number): Promise<RankedPlugin[]> {
    const query = toQueryString({ limit });
    return (
      await this.get<{ items: RankedPlugin[] }>(`/plugins/${encodeURIComponent(pluginId)}/similar${query}`)
    ).items;
  }

  async getPlugin(pluginId: string): Promise<PluginDetails> {
    return this.get<PluginDetails>(`/plugins/${encodeURIComponent(pluginId)}`);
  }

  async getVersions(pluginId: string): Promise<PluginVersion[]> {
    return (
      await this.get<{ items: PluginVersion[] }>(`/plugins/${encodeURIComponent(pluginId)}/versions`)
    ).items;
  }

  async getDependencies(pluginId: string, version?: string): Promise<PluginDependencies> {
    return this.get<PluginDependencies>(
      `/plugins/${encodeURIComponent(pluginId)}/dependencies${toQueryString({ version })}`,
    );
  }

  async getChangelog(pluginId: string): Promise<PluginChangelog> {
    return this.get<PluginChangelog>(`/plugins/${encodeURIComponent(pluginId)}/changelog`);
  }

  async getDocumentation(pluginId: string): Promise<PluginDocumentation> {
    return this.get<PluginDocumentation>(`/plugins/${encodeURIComponent(pluginId)}/documentation`);
  }

  async listInstalled(): Promise<InstalledPlugin[]> {
    return (await this.get<{ items: InstalledPlugin[] }>('/installed')).items;
  }

  async listCategories(): Promise<CategoryCount[]> {
    return (await this.get<{ items: CategoryCount[] }>('/categories')).items;
  }

  async recordEvent(event: { pluginId: string; type: 'view' | 'search-click' }): Promise<void> {
    await this.request('/events', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(event),
    });
  }

  async planInstall(request: InstallPlanRequest): Promise<InstallPlan> {
    return this.send<InstallPlan>('POST', '/install/plan', request);
  }

  async getDependencyAnalysis(pluginId: string, version?: string): Promise<DependencyAnalysis> {
    return this.get<DependencyAnalysis>(
      `${pluginPath(pluginId)}/analysis${toQueryString({ version })}`,
    );
  }

  async getUpdatePlan(options: { prerelease?: boolean } = {}): Promise<UpdatePlan> {
    return this.get<UpdatePlan>(`/install/updates${toQueryString({ prerelease: options.prerelease })}`);
  }

  async install(request: InstallRequest): Promise<InstallResponse> {
    return this.send<InstallResponse>('POST', '/install', request);
  }

  async exportInstall(request: InstallRequest): Promise<InstallExport> {
    return this.send<InstallExport>('POST', '/install/export', request);
  }

  async updatePlugins(request: BulkUpdateRequest = {}): Promise<BulkUpdateResponse> {
    return this.send<BulkUpdateResponse>('POST', '/install/updates', request);
  }

  async listInstallJobs(
    query: { batchId?: string; pluginId?: string; limit?: number } = {},
  ): Promise<InstallJob[]> {
    return (await this.get<{ items: InstallJob[] }>(`/install/jobs${toQueryString({ ...query })}`)).items;
  }

  async getInstallJob(jobId: string): Promise<InstallJob> {
    return this.get<InstallJob>(jobPath(jobId));
  }

  // The JSON form of the events endpoint: polled, since EventSource cannot carry the user's token.
  async getInstallJobEvents(jobId: string, after?: number): Promise<InstallJobEvents> {
    const response = await this.request(`${jobPath(jobId)}/events${toQueryString({ after })}`, {
      headers: { Accept: 'application/json' },
    });
    return (await response.json()) as InstallJobEvents;
  }

  async cancelInstallJob(jobId: string): Promise<InstallJob> {
    return this.send<InstallJob>('POST', `${jobPath(jobId)}/cancel`, {});
  }

  async retryInstallJob(jobId: string): Promise<InstallJob> {
    return this.send<InstallJob>('POST', `${jobPath(jobId)}/retry`, {});
  }

  async getRemovalPlan(pluginId: string): Promise<UninstallPlan> {
    return this.get<UninstallPlan>(`/installed/${encodeURIComponent(pluginId)}/removal`);
  }

  async uninstall(pluginId: string, options: { confirm?: boolean } = {}): Promise<UninstallResponse> {
    const response = await this.request(
      `/installed/${encodeURIComponent(pluginId)}${toQueryString({ confirm: options.confirm })}`,
      { method: 'DELETE' },
    );
    return (await response.json()) as UninstallResponse;
  }

  async restartBackend(options?: { replicas?: 'this' | 'all' }): Promise<void> {
    await this.send<unknown>('POST', '/install/restart', options?.replicas ? { replicas: options.replicas } : {});
  }

  async getRestartStatus(): Promise<RestartStatus> {
    return this.get<RestartStatus>('/install/restart');
  }

  async getConfigurationForm(pluginId: string): Promise<ConfigurationForm> {
    return this.get<ConfigurationForm>(`${pluginPath(pluginId)}/configuration`);
  }

  async validatePluginConfig(pluginId: string, config: JsonObject): Promise<ConfigValidation> {
    return this.send<ConfigValidation>('POST', `${pluginPath(pluginId)}/configuration/validate`, {
      config,
    });
  }

  async previewPluginConfig(pluginId: string, config: JsonObject): Promise<ConfigPreview> {
    return this.send<ConfigPreview>('POST', `${pluginPath(pluginId)}/configuration/preview`, {
      config,
    });
  }

  async getManagedConfig(): Promise<ManagedConfig> {
    return this.get<ManagedConfig>('/config');
  }

  async saveManagedConfig(request: SaveManagedConfigRequest): Promise<ConfigRevision> {
    return this.send<ConfigRevision>('PUT', '/config', request);
  }

  async savePluginConfigs(request: BulkConfigRequest): Promise<BulkConfigResponse> {
    return this.send<BulkConfigResponse>('PUT', '/config/plugins', request);
  }

  async validateManagedConfig(yaml: string): Promise<ConfigValidation> {
    return this.send<ConfigValidation>('POST', '/config/validate', { yaml });
  }

  async listConfigRevisions(): Promise<ConfigRevision[]> {
    return (await this.get<{ items: ConfigRevision[] }>('/config/revisions')).items;
  }

  async getConfigRevision(revision: number): Promise<ConfigRevision> {
    return this.get<ConfigRevision>(`/config/revisions/${encodeURIComponent(revision)}`);
  }

  async rollbackConfig(
    revision: number,
    options: { message?: string; baseRevision?: number } = {},
  ): Promise<ConfigRevision> {
    return this.send<ConfigRevision>(
      'POST',
      `/config/revisions/${encodeURIComponent(revision)}/rollback`,
      options,
    );
  }

  private async get<T>(path: string): Promise<T> {
    return (await (await this.request(path)).json()) as T;
  }

  private async send<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T> {
    const response = await this.request(path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as T;
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(MARKETPLACE_PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
