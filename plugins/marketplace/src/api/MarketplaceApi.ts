import { createApiRef } from '@backstage/frontend-plugin-api';
import { MarketplaceHealth } from '@internal/backstage-plugin-marketplace-common';

/**
 * Client for the marketplace backend, `/api/marketplace`.
 *
 * @public
 */
export interface MarketplaceApi {
  getHealth(): Promise<MarketplaceHealth>;
}

/**
 * @public
 */
export const marketplaceApiRef = createApiRef<MarketplaceApi>({
  id: 'plugin.marketplace.api',
});
