/**
 * Service references and extension points through which other backend
 * packages work with the marketplace. The registry, resolver and sandbox
 * services are added here as they are built.
 *
 * @packageDocumentation
 */

export { MARKETPLACE_PLUGIN_ID } from '@internal/backstage-plugin-marketplace-common';
