export { marketplaceApiRef } from './MarketplaceApi';
export type {
  MarketplaceApi,
  ListPluginsRequest,
  SearchPluginsRequest,
  SearchPluginsResponse,
} from './MarketplaceApi';
export { MarketplaceClient } from './MarketplaceClient';
