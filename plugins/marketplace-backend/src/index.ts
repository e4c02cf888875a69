/**
 * The marketplace backend plugin.
 *
 * @packageDocumentation
 */

export { marketplacePlugin as default } from './plugin';
export { marketplaceModuleDynamicPlugins } from './dynamicPluginsModule';
export { createRouter } from './service/router';
export type { HealthService } from './services/HealthService';
export { DefaultHealthService } from './services/HealthService';
export { searchModuleMarketplaceCollator } from './collator';
