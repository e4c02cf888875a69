import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  CategoryCount,
  MarketplaceHealth,
  PluginListResponse,
  PluginSortField,
  PluginSummary,
} from '@internal/backstage-plugin-marketplace-common';

/**
 * Parameters of a plugin search.
 *
 * @public
 */
export interface SearchPluginsRequest {
  q: string;
  mode?: 'text' | 'semantic' | 'hybrid';
  limit?: number;
  category?: string;
}

/**
 * A page of search results.
 *
 * @public
 */
export interface SearchPluginsResponse {
  items: Array<PluginSummary & { score: number }>;
  totalCount: number;
  facets: Record<string, Array<{ value: string; count: number }>>;
  nextCursor?: string;
}

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
 * Client for the marketplace backend, `/api/marketplace`.
 *
 * @public
 */
export interface MarketplaceApi {
  getHealth(): Promise<MarketplaceHealth>;
  listPlugins(request: ListPluginsRequest): Promise<PluginListResponse>;
  listCategories(): Promise<CategoryCount[]>;
  searchPlugins(request: SearchPluginsRequest): Promise<SearchPluginsResponse>;
}

/**
 * @public
 */
export const marketplaceApiRef = createApiRef<MarketplaceApi>({
  id: 'plugin.marketplace.api',
});
