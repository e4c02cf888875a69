export { marketplaceApiRef } from './MarketplaceApi';
export type { MarketplaceApi, ListPluginsRequest } from './MarketplaceApi';
export { MarketplaceClient } from './MarketplaceClient';
