import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import StorefrontIcon from '@material-ui/icons/Storefront';
import { marketplaceApiRef, MarketplaceClient } from './api';
import { entityMarketplaceContent } from './entityContent';
import {
  configAdminRouteRef,
  installedRouteRef,
  installWizardRouteRef,
  pluginDetailsRouteRef,
  rootRouteRef,
} from './routes';

const marketplaceApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: marketplaceApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MarketplaceClient({ discoveryApi, fetchApi }),
    }),
});

const marketplacePage = PageBlueprint.make({
  params: {
    path: '/marketplace',
    title: 'Marketplace',
    icon: <StorefrontIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/MarketplaceRouter').then(m => <m.MarketplaceRouter />),
  },
});

/**
 * The marketplace frontend plugin: browse, install and manage Backstage plugins.
 *
 * @public
 */
export const marketplacePlugin = createFrontendPlugin({
  pluginId: 'marketplace',
  title: 'Marketplace',
  icon: <StorefrontIcon fontSize="inherit" />,
  extensions: [marketplaceApi, marketplacePage, entityMarketplaceContent],
  routes: {
    root: rootRouteRef,
    pluginDetails: pluginDetailsRouteRef,
    installed: installedRouteRef,
    installWizard: installWizardRouteRef,
    configAdmin: configAdminRouteRef,
  },
});
