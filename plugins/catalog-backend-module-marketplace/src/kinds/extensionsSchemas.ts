import { EXTENSIONS_API_VERSION, MARKETPLACE_KINDS } from './constants';

// These follow the JSON Schemas of Red Hat Developer Hub's extensions
// workspace (json-schema/*.json in redhat-developer/rhdh-plugins), with the
// envelope and metadata left to the catalog's own Entity schema, and spec
// fields RHDH's processors read but its schemas leave out (owner, packages,
// partOf) typed too. Unknown spec fields are let through as RHDH does, so
// its catalog data imports unchanged.

const text = { type: 'string' } as const;
const texts = { type: 'array', items: text } as const;
const entityRef = { type: 'string', minLength: 1 } as const;

const author = {
  type: ['string', 'object'],
  required: ['name'],
  properties: { name: text, url: text },
} as const;

const support = {
  type: ['string', 'object'],
  additionalProperties: false,
  properties: { provider: text, level: text },
} as const;

/**
 * JSON Schema of Red Hat Developer Hub's `extensions.backstage.io/v1alpha1`
 * Plugin kind.
 *
 * @public
 */
export const extensionsPluginSchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  $id: 'ExtensionsPluginV1alpha1',
  description: 'A plugin of the Red Hat Developer Hub extensions catalog.',
  allOf: [
    { $ref: 'Entity' },
    {
      type: 'object',
      required: ['spec'],
      properties: {
        apiVersion: { enum: [EXTENSIONS_API_VERSION] },
        kind: { enum: [MARKETPLACE_KINDS.plugin] },
        spec: {
          type: 'object',
          properties: {
            icon: text,
            developer: text,
            author,
            authors: { type: 'array', items: author },
            publisher: author,
            owner: entityRef,
            support,
            lifecycle: text,
            packages: { type: 'array', items: entityRef },
            categories: texts,
            highlights: texts,
            description: text,
            installation: text,
            documentation: {
              type: 'array',
              items: {
                type: 'object',
                required: ['type', 'markdown'],
                properties: {
                  type: text,
                  markdown: text,
                  title: text,
                  tabTitle: text,
                },
              },
            },
            assets: {
              type: 'array',
              items: {
                type: 'object',
                required: ['type', 'filename', 'originUri'],
                properties: {
                  type: text,
                  filename: text,
                  originUri: text,
                  encodedData: text,
                },
              },
            },
            history: {
              type: 'object',
              required: ['added'],
              properties: { added: text },
            },
            installStatus: text,
          },
        },
      },
    },
  ],
} as const;

/**
 * JSON Schema of Red Hat Developer Hub's `extensions.backstage.io/v1alpha1`
 * Package kind.
 *
 * @public
 */
export const extensionsPackageSchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  $id: 'ExtensionsPackageV1alpha1',
  description: 'A package of the Red Hat Developer Hub extensions catalog.',
  allOf: [
    { $ref: 'Entity' },
    {
      type: 'object',
      required: ['spec'],
      properties: {
        apiVersion: { enum: [EXTENSIONS_API_VERSION] },
        kind: { enum: [MARKETPLACE_KINDS.package] },
        spec: {
          type: 'object',
          required: ['packageName'],
          properties: {
            packageName: { type: 'string', minLength: 1 },
            version: text,
            dynamicArtifact: text,
            integrity: text,
            role: text,
            supportedVersions: text,
            backstage: {
              type: 'object',
              additionalProperties: false,
              properties: { role: text, supportedVersions: text },
            },
            author: text,
            support,
            lifecycle: text,
            owner: entityRef,
            partOf: { type: 'array', items: entityRef },
            appConfigExamples: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  title: text,
                  content: { type: ['string', 'object'] },
                },
              },
            },
            installStatus: text,
          },
        },
      },
    },
  ],
} as const;

/**
 * JSON Schema of Red Hat Developer Hub's `extensions.backstage.io/v1alpha1`
 * PluginCollection kind.
 *
 * @public
 */
export const extensionsPluginCollectionSchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  $id: 'ExtensionsPluginCollectionV1alpha1',
  description: 'A collection of the Red Hat Developer Hub extensions catalog.',
  allOf: [
    { $ref: 'Entity' },
    {
      type: 'object',
      required: ['spec'],
      properties: {
        apiVersion: { enum: [EXTENSIONS_API_VERSION] },
        kind: { enum: [MARKETPLACE_KINDS.collection] },
        spec: {
          type: 'object',
          required: ['type'],
          properties: {
            type: { enum: ['curated'] },
            plugins: { type: 'array', items: entityRef },
            owner: entityRef,
          },
        },
      },
    },
  ],
} as const;
