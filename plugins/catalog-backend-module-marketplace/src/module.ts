import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';

/**
 * Teaches the catalog the marketplace kinds (`Plugin`, `Package`,
 * `PluginCollection`). The kinds and their validation arrive with the
 * registry; for now the module is installed and announces itself.
 *
 * @public
 */
export const catalogModuleMarketplace = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'marketplace',
  register(reg) {
    reg.registerInit({
      deps: { logger: coreServices.logger },
      async init({ logger }) {
        logger.debug('marketplace catalog module registered');
      },
    });
  },
});
