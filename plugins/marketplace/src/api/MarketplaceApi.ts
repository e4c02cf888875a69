import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  CategoryCount,
  MarketplaceHealth,
  PluginListResponse,
  PluginSortField,
} from '@internal/backstage-plugin-marketplace-common';

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
}

/**
 * @public
 */
export const marketplaceApiRef = createApiRef<MarketplaceApi>({
  id: 'plugin.marketplace.api',
});
