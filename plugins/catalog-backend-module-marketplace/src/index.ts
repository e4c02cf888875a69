/**
 * The marketplace backend module for the catalog plugin: the `Plugin`,
 * `Package` and `PluginCollection` kinds and their validation.
 *
 * @packageDocumentation
 */

export { catalogModuleMarketplace as default } from './module';
export { MarketplaceEntityProcessor } from './processor/MarketplaceEntityProcessor';
export {
  EXTENSIONS_API_VERSION,
  MARKETPLACE_API_VERSION,
  MARKETPLACE_KINDS,
} from './kinds/constants';
export type { MarketplaceKind } from './kinds/constants';
export {
  marketplacePackageV1alpha1Schema,
  marketplacePluginCollectionV1alpha1Schema,
  marketplacePluginV1alpha1Schema,
} from './kinds/marketplaceSchemas';
export {
  extensionsPackageSchema,
  extensionsPluginCollectionSchema,
  extensionsPluginSchema,
} from './kinds/extensionsSchemas';
export {
  createMarketplaceEntityValidator,
  isMarketplaceEntity,
} from './kinds/validateMarketplaceEntity';
export type { MarketplaceEntityValidator } from './kinds/validateMarketplaceEntity';
export type * from './kinds/types';
