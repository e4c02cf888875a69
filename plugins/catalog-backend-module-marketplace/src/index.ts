/***/
/**
 * The marketplace backend module for the catalog plugin.
 *
 * @packageDocumentation
 */

export { catalogModuleMarketplace as default } from './module';
