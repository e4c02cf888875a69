import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { marketplaceApiRef, MarketplaceClient } from './api';
import {
  configAdminRouteRef,
  installedRouteRef,
  installWizardRouteRef,
  pluginDetailsRouteRef,
  rootRouteRef,
} from './routes';

// The same route refs as the new plugin, made usable by the legacy router, so
// that links inside the pages resolve the same way in both kinds of app.
const legacyRootRouteRef = convertLegacyRouteRef(rootRouteRef);

/**
 * The marketplace for apps on the legacy frontend system
 * (`@backstage/core-plugin-api`): the same API client and pages as the
 * default export.
 *
 * @public
 */
export const legacyMarketplacePlugin = createPlugin({
  id: 'marketplace',
  apis: [
    createApiFactory({
      api: marketplaceApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new MarketplaceClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: legacyRootRouteRef,
    pluginDetails: convertLegacyRouteRef(pluginDetailsRouteRef),
    installed: convertLegacyRouteRef(installedRouteRef),
    installWizard: convertLegacyRouteRef(installWizardRouteRef),
    configAdmin: convertLegacyRouteRef(configAdminRouteRef),
  },
});

/**
 * The marketplace pages for a legacy app's routes, e.g.
 * `<Route path="/marketplace" element={<MarketplacePage />} />`.
 *
 * @public
 */
export const MarketplacePage = legacyMarketplacePlugin.provide(
  createRoutableExtension({
    name: 'MarketplacePage',
    mountPoint: legacyRootRouteRef,
    // compatWrapper gives the pages, written for the new frontend system, its
    // route resolution and APIs on top of the legacy app's.
    component: () =>
      import('./components/MarketplaceRouter').then(m => () => compatWrapper(<m.MarketplaceRouter />)),
  }),
);
