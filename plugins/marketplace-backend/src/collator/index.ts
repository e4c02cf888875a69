export {
  MARKETPLACE_DOCUMENT_TYPE,
  MarketplaceCollatorFactory,
} from './MarketplaceCollatorFactory';
export type { MarketplaceDocument } from './MarketplaceCollatorFactory';
export { ApiPluginReader, StorePluginReader } from './pluginReaders';
export type { MarketplacePluginReader } from './pluginReaders';
export { searchModuleMarketplaceCollator } from './module';
