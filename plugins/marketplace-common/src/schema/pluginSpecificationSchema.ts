import { PLUGIN_CATEGORY_IDS } from '../categories';
import { PACKAGE_ROLES } from '../types/PluginSpecification';

const stringMap = {
  type: 'object',
  additionalProperties: { type: 'string', minLength: 1 },
} as const;

const packageRole = { enum: PACKAGE_ROLES } as const;

const capability = {
  type: 'object',
  required: ['type', 'id'],
  additionalProperties: false,
  properties: {
    type: {
      enum: [
        'api',
        'route',
        'extension',
        'entity-kind',
        'action',
        'scheduled-task',
        'event',
        'service',
        'plugin',
      ],
    },
    id: { type: 'string', minLength: 1 },
    description: { type: 'string' },
  },
} as const;

/**
 * JSON Schema (draft 2020-12) of {@link PluginSpecification}. Every record
 * that enters the registry is validated against it.
 *
 * @public
 */
export const pluginSpecificationSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://backstage.io/schemas/marketplace/plugin-specification.json',
  title: 'PluginSpecification',
  type: 'object',
  required: [
    'id',
    'name',
    'version',
    'description',
    'author',
    'tags',
    'category',
    'dependencies',
    'peerDependencies',
    'environmentVariables',
    'provides',
    'requires',
    'installation',
    'permissions',
    'documentation',
  ],
  additionalProperties: false,
  properties: {
    id: {
      type: 'string',
      pattern: '^[a-z0-9]([a-z0-9.-]{0,126}[a-z0-9])?$',
      description: 'lowercase letters, digits, dots and dashes',
    },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    version: { type: 'string', format: 'semver' },
    description: { type: 'string', maxLength: 2000 },
    author: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1 },
        email: { type: 'string' },
        url: { type: 'string' },
      },
    },
    license: { type: 'string', minLength: 1 },
    tags: {
      type: 'array',
      maxItems: 50,
      items: { type: 'string', pattern: '^[a-z0-9][a-z0-9:+#.-]{0,62}$' },
    },
    category: { enum: PLUGIN_CATEGORY_IDS },
    dependencies: stringMap,
    peerDependencies: stringMap,
    backstageVersion: { type: 'string', minLength: 1 },
    configSchema: { type: 'object' },
    defaultConfig: { type: 'object' },
    environmentVariables: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'required'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
          description: { type: 'string' },
          required: { type: 'boolean' },
          secret: { type: 'boolean' },
          example: { type: 'string' },
        },
      },
    },
    provides: { type: 'array', items: capability },
    requires: { type: 'array', items: capability },
    installation: {
      type: 'object',
      required: ['method', 'packages'],
      additionalProperties: false,
      properties: {
        method: { enum: ['npm', 'sandbox', 'manual'] },
        packages: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'role'],
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1 },
              role: packageRole,
              version: { type: 'string', format: 'semver' },
            },
          },
        },
        requiresRestart: { type: 'boolean' },
        steps: { type: 'array', items: { type: 'string' } },
      },
    },
    uninstallation: {
      type: 'object',
      required: ['dataRemoval'],
      additionalProperties: false,
      properties: {
        dataRemoval: { enum: ['none', 'plugin-database', 'manual'] },
        steps: { type: 'array', items: { type: 'string' } },
        warnings: { type: 'array', items: { type: 'string' } },
      },
    },
    permissions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['permission'],
        additionalProperties: false,
        properties: {
          permission: { type: 'string', minLength: 1 },
          reason: { type: 'string' },
          hosts: { type: 'array', items: { type: 'string', minLength: 1 } },
        },
      },
    },
    sandbox: {
      type: 'object',
      required: ['entry', 'limits'],
      additionalProperties: false,
      properties: {
        entry: { type: 'string', minLength: 1 },
        limits: {
          type: 'object',
          required: ['memoryMb', 'cpuTimeMsPerCall', 'wallClockMsPerCall'],
          additionalProperties: false,
          properties: {
            memoryMb: { type: 'number', minimum: 8, maximum: 4096 },
            cpuTimeMsPerCall: { type: 'number', exclusiveMinimum: 0 },
            cpuTimeMsTotal: { type: 'number', exclusiveMinimum: 0 },
            wallClockMsPerCall: { type: 'number', exclusiveMinimum: 0 },
            kvQuotaBytes: { type: 'number', minimum: 0 },
            networkBytesPerMinute: { type: 'number', minimum: 0 },
            maxConnections: { type: 'integer', minimum: 0 },
            apiCallsPerMinute: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
    qualityMetrics: {
      type: 'object',
      required: ['score', 'grade', 'signals', 'computedAt'],
      properties: {
        score: { type: 'number', minimum: 0, maximum: 100 },
        grade: { enum: ['A', 'B', 'C', 'D', 'E'] },
        signals: { type: 'object' },
        computedAt: { type: 'string' },
      },
    },
    testResults: {
      type: 'object',
      required: ['passed', 'failed'],
      properties: {
        passed: { type: 'integer', minimum: 0 },
        failed: { type: 'integer', minimum: 0 },
        skipped: { type: 'integer', minimum: 0 },
        coveragePercent: { type: 'number', minimum: 0, maximum: 100 },
        ranAt: { type: 'string' },
      },
    },
    documentation: {
      type: 'object',
      additionalProperties: false,
      properties: {
        homepage: { type: 'string' },
        repository: { type: 'string' },
        bugs: { type: 'string' },
        readme: { type: 'string' },
        changelog: { type: 'string' },
      },
    },
  },
} as const;
