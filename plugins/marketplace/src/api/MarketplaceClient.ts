import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CategoryCount,
  MARKETPLACE_PLUGIN_ID,
  MarketplaceHealth,
  PluginListResponse,
} from '@internal/backstage-plugin-marketplace-common';
import {
  ListPluginsRequest,
  MarketplaceApi,
  SearchPluginsRequest,
  SearchPluginsResponse,
} from './MarketplaceApi';

/**
 * Talks to the marketplace backend through the app's discovery and fetch APIs,
 * so requests carry the user's token and follow the configured base URL.
 *
 * @public
 */
export class MarketplaceClient implements MarketplaceApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getHealth(): Promise<MarketplaceHealth> {
    return this.get<MarketplaceHealth>('/health');
  }

  async listPlugins(request: ListPluginsRequest): Promise<PluginListResponse> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(request)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const query = params.toString();
    return this.get<PluginListResponse>(`/plugins${query ? `?${query}` : ''}`);
  }

  async searchPlugins(request: SearchPluginsRequest): Promise<SearchPluginsResponse> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(request)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    return this.get<SearchPluginsResponse>(`/plugins/search?${params}`);
  }

  async listCategories(): Promise<CategoryCount[]> {
    return (await this.get<{ items: CategoryCount[] }>('/categories')).items;
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(MARKETPLACE_PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
