import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { MARKETPLACE_PLUGIN_ID } from '@internal/backstage-plugin-marketplace-common';
import { createRouter } from './router';
import { DefaultHealthService } from './services/HealthService';

/**
 * The marketplace backend plugin, serving `/api/marketplace`.
 *
 * @public
 */
export const marketplacePlugin = createBackendPlugin({
  pluginId: MARKETPLACE_PLUGIN_ID,
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        database: coreServices.database,
        cache: coreServices.cache,
        config: coreServices.rootConfig,
      },
      async init({ httpRouter, database, cache, config }) {
        const health = DefaultHealthService.create({ database, cache, config });
        httpRouter.use(await createRouter({ health }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
