export { marketplaceApiRef } from './MarketplaceApi';
export type {
  MarketplaceApi,
  ListPluginsRequest,
  PluginDependencies,
  SaveManagedConfigRequest,
  SearchPluginsRequest,
  SearchPluginsResponse,
} from './MarketplaceApi';
export { MarketplaceClient } from './MarketplaceClient';
