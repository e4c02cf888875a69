/**
 * The apiVersion of the marketplace's own kinds, written by plugin authors.
 *
 * @public
 */
export const MARKETPLACE_API_VERSION = 'marketplace.backstage.io/v1alpha1';

/**
 * The apiVersion of Red Hat Developer Hub's extensions catalog, accepted as
 * it is so that RHDH catalog data imports unchanged.
 *
 * @public
 */
export const EXTENSIONS_API_VERSION = 'extensions.backstage.io/v1alpha1';

/**
 * The kinds this module teaches the catalog, the same names under both
 * apiVersions.
 *
 * @public
 */
export const MARKETPLACE_KINDS = {
  plugin: 'Plugin',
  package: 'Package',
  collection: 'PluginCollection',
} as const;

/**
 * One of the kinds in {@link MARKETPLACE_KINDS}.
 *
 * @public
 */
export type MarketplaceKind =
  (typeof MARKETPLACE_KINDS)[keyof typeof MARKETPLACE_KINDS];
