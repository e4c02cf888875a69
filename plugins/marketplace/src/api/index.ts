export { marketplaceApiRef } from './MarketplaceApi';
export type { MarketplaceApi } from './MarketplaceApi';
export { MarketplaceClient } from './MarketplaceClient';
