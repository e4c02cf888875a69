import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  AppEnvironment,
  CategoryCount,
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
  SearchMode,
  SearchResult,
  SearchSort,
  Suggestion,
  TrendingRange,
} from '@internal/backstage-plugin-marketplace-common';

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
 * Client for the marketplace backend, `/api/marketplace`.
 *
 * @public
 */
export interface MarketplaceApi {
  getHealth(): Promise<MarketplaceHealth>;
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
}

/**
 * @public
 */
export const marketplaceApiRef = createApiRef<MarketplaceApi>({
  id: 'plugin.marketplace.api',
});
