export { marketplaceApiRef } from './MarketplaceApi';
export type {
  MarketplaceApi,
  InstallJobEvents,
  ListPluginsRequest,
  UninstallResponse,
  PluginDependencies,
  SaveManagedConfigRequest,
  SearchPluginsRequest,
  SearchPluginsResponse,
} from './MarketplaceApi';
export { MarketplaceClient } from './MarketplaceClient';
