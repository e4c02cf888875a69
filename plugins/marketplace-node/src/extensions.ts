import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { RegistrySource } from './RegistrySource';

/**
 * Lets backend modules add sources of listings to the marketplace registry.
 *
 * @public
 */
export interface MarketplaceRegistryExtensionPoint {
  addSource(source: RegistrySource): void;
}

/**
 * @public
 */
export const marketplaceRegistryExtensionPoint =
  createExtensionPoint<MarketplaceRegistryExtensionPoint>({
    id: 'marketplace.registry',
  });
