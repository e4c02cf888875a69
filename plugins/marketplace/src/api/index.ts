export { marketplaceApiRef } from './MarketplaceApi';
export type {
  MarketplaceApi,
  ListPluginsRequest,
  PluginDependencies,
  SearchPluginsRequest,
  SearchPluginsResponse,
} from './MarketplaceApi';
export { MarketplaceClient } from './MarketplaceClient';
