/**
 * The id of the marketplace backend and frontend plugins.
 *
 * @public
 */
export const MARKETPLACE_PLUGIN_ID = 'marketplace';
