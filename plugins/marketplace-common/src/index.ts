/**
 * Types and constants shared by the marketplace frontend and backend.
 *
 * @packageDocumentation
 */

export * from './health';
export { MARKETPLACE_PLUGIN_ID } from './constants';
