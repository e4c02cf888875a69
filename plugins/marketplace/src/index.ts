/**
 * The marketplace frontend plugin.
 *
 * @packageDocumentation
 */

export { marketplacePlugin as default } from './plugin';
export * from './api';
