import { pluginSpecificationSchema } from '@internal/backstage-plugin-marketplace-common';
import { MARKETPLACE_API_VERSION, MARKETPLACE_KINDS } from './constants';
import { NPM_NAME_PATTERN, SEMVER_PATTERN } from './patterns';

// The fields a Plugin entity shares with the PluginSpecification are checked
// by the very same schema, so what the catalog accepts the registry accepts.
const specFields = pluginSpecificationSchema.properties;

const entityRef = { type: 'string', minLength: 1 } as const;
const semver = { type: 'string', pattern: SEMVER_PATTERN } as const;
const packageRole =
  specFields.installation.properties.packages.items.properties.role;

/**
 * JSON Schema of the `marketplace.backstage.io/v1alpha1` Plugin kind.
 *
 * @public
 */
export const marketplacePluginV1alpha1Schema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  $id: 'MarketplacePluginV1alpha1',
  description:
    'A Backstage plugin as its author publishes it to the marketplace. Title, description and tags are the metadata of the entity.',
  allOf: [
    { $ref: 'Entity' },
    {
      type: 'object',
      required: ['spec'],
      properties: {
        apiVersion: { enum: [MARKETPLACE_API_VERSION] },
        kind: { enum: [MARKETPLACE_KINDS.plugin] },
        metadata: {
          type: 'object',
          required: ['description'],
          properties: {
            title: { type: 'string', minLength: 1, maxLength: 200 },
            description: { type: 'string', minLength: 1, maxLength: 2000 },
          },
        },
        spec: {
          type: 'object',
          required: ['owner', 'lifecycle'],
          additionalProperties: false,
          properties: {
            owner: entityRef,
            lifecycle: { type: 'string', minLength: 1 },
            category: specFields.category,
            version: semver,
            license: specFields.license,
            author: specFields.author,
            packages: {
              type: 'array',
              items: {
                type: 'object',
                required: ['name', 'role'],
                additionalProperties: false,
                properties: {
                  name: { type: 'string', pattern: NPM_NAME_PATTERN },
                  role: packageRole,
                  version: semver,
                },
              },
            },
            backstageVersion: specFields.backstageVersion,
            configSchema: specFields.configSchema,
            environmentVariables: specFields.environmentVariables,
            permissions: specFields.permissions,
            provides: specFields.provides,
            requires: specFields.requires,
            documentation: specFields.documentation,
            sandbox: specFields.sandbox,
          },
        },
      },
    },
  ],
} as const;

/**
 * JSON Schema of the `marketplace.backstage.io/v1alpha1` Package kind.
 *
 * @public
 */
export const marketplacePackageV1alpha1Schema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  $id: 'MarketplacePackageV1alpha1',
  description: 'One npm package of a marketplace plugin.',
  allOf: [
    { $ref: 'Entity' },
    {
      type: 'object',
      required: ['spec'],
      properties: {
        apiVersion: { enum: [MARKETPLACE_API_VERSION] },
        kind: { enum: [MARKETPLACE_KINDS.package] },
        spec: {
          type: 'object',
          required: ['packageName', 'role', 'partOf'],
          additionalProperties: false,
          properties: {
            packageName: { type: 'string', pattern: NPM_NAME_PATTERN },
            role: packageRole,
            version: semver,
            partOf: entityRef,
            owner: entityRef,
          },
        },
      },
    },
  ],
} as const;

/**
 * JSON Schema of the `marketplace.backstage.io/v1alpha1` PluginCollection kind.
 *
 * @public
 */
export const marketplacePluginCollectionV1alpha1Schema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  $id: 'MarketplacePluginCollectionV1alpha1',
  description: 'A titled list of marketplace plugins.',
  allOf: [
    { $ref: 'Entity' },
    {
      type: 'object',
      required: ['metadata', 'spec'],
      properties: {
        apiVersion: { enum: [MARKETPLACE_API_VERSION] },
        kind: { enum: [MARKETPLACE_KINDS.collection] },
        metadata: {
          type: 'object',
          required: ['title'],
          properties: { title: { type: 'string', minLength: 1 } },
        },
        spec: {
          type: 'object',
          required: ['plugins'],
          additionalProperties: false,
          properties: {
            plugins: { type: 'array', minItems: 1, items: entityRef },
            owner: entityRef,
          },
        },
      },
    },
  ],
} as const;
