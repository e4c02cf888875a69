/**
 * Service references and extension points through which other backend
 * packages work with the marketplace.
 *
 * @packageDocumentation
 */

export { MARKETPLACE_PLUGIN_ID } from '@internal/backstage-plugin-marketplace-common';
export type {
  RegistrySource,
  RegistrySnapshot,
  ListingInput,
  ListingPackageInput,
  ListingVersionInput,
} from './RegistrySource';
export { marketplaceDynamicPluginsExtensionPoint, marketplaceRegistryExtensionPoint } from './extensions';
export type {
  DynamicBackendPlugin,
  DynamicPluginsLoader,
  MarketplaceDynamicPluginsExtensionPoint,
  MarketplaceRegistryExtensionPoint,
} from './extensions';
export * from './sandbox';
export {
  DefaultDependencyResolver,
  HttpPluginUniverse,
  InMemoryPluginUniverse,
  dependencyResolverServiceRef,
} from './resolver';
export type {
  DependencyResolver,
  InstalledVersion,
  PluginUniverse,
  UniverseDependency,
  UniversePlugin,
  UniverseVersion,
} from './resolver';
