import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { MarketplaceEntityProcessor } from './processor/MarketplaceEntityProcessor';

/**
 * Teaches the catalog the marketplace kinds, `Plugin`, `Package` and
 * `PluginCollection`, so that plugin authors publish through
 * `catalog-info.yaml`. Red Hat Developer Hub's
 * `extensions.backstage.io/v1alpha1` entities are accepted as they are.
 *
 * The kinds must also be allowed by `catalog.rules`.
 *
 * @public
 */
export const catalogModuleMarketplace = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'marketplace',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new MarketplaceEntityProcessor());
      },
    });
  },
});
