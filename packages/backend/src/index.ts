import { createBackend } from '@backstage/backend-defaults';
import { dynamicPluginsFeatureLoader } from '@backstage/backend-dynamic-feature-service';
import {
  marketplaceModuleDynamicPlugins,
  searchModuleMarketplaceCollator,
} from '@internal/backstage-plugin-marketplace-backend';

const backend = createBackend();

// Serves the built frontend in production (the dev server serves it in development).
backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: the guest provider for development; add real providers for production.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// The events bus: the catalog and, later, sandboxed plugins publish and subscribe through it.
backend.add(import('@backstage/plugin-events-backend'));

// The software catalog, where plugin authors publish through catalog-info.yaml.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(
  import('@internal/backstage-plugin-catalog-backend-module-marketplace'),
);

// Permissions: allow-all until the RBAC plugin provides a policy.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// Backstage search: Postgres engine in production (in-memory Lunr otherwise), catalog collator.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(searchModuleMarketplaceCollator);

// The marketplace.
backend.add(import('@internal/backstage-plugin-marketplace-backend'));

// Backend plugins installed from the marketplace: every package in dynamicPlugins.rootDirectory,
// loaded when the backend starts (an install is live after the next restart).
backend.add(dynamicPluginsFeatureLoader);
// Tells the marketplace which of them loaded: an install is installed only once it did, failed if it did not.
backend.add(marketplaceModuleDynamicPlugins);

backend.start();
