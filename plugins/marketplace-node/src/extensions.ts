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

/**
 * One backend package the dynamic plugins loader found in the dynamic plugins
 * root when the backend started.
 *
 * @public
 */
export interface DynamicBackendPlugin {
  name: string;
  version: string;
  /** Why the loader could not load it (e.g. `Error: Cannot find module 'x'`); absent when it loaded. */
  failure?: string;
}

/**
 * What the dynamic plugins loader did when the backend started: the
 * `BackendPluginProvider` of `@backstage/backend-dynamic-feature-service`
 * (`dynamicPluginsServiceRef`) has this shape.
 *
 * @public
 */
export interface DynamicPluginsLoader {
  backendPlugins(options?: { includeFailed?: boolean }): DynamicBackendPlugin[];
}

/**
 * Lets a backend module tell the marketplace what the dynamic plugins loader
 * loaded, so that backend plugins it installed count as installed only once
 * they really loaded. Without it the marketplace goes by the files in the
 * dynamic plugins root.
 *
 * @public
 */
export interface MarketplaceDynamicPluginsExtensionPoint {
  setLoader(loader: DynamicPluginsLoader): void;
}

/**
 * @public
 */
export const marketplaceDynamicPluginsExtensionPoint =
  createExtensionPoint<MarketplaceDynamicPluginsExtensionPoint>({
    id: 'marketplace.dynamic-plugins',
  });
