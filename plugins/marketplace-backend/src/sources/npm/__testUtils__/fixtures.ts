import { TestRelease } from './packages';

/** The config schema the todo frontend ships as a JSON file. */
export const todoFrontendSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    todo: { type: 'object', properties: { title: { type: 'string' } } },
  },
};

/** The config schema the todo backend declares inline in package.json. */
export const todoBackendSchema = {
  type: 'object',
  properties: {
    todo: {
      type: 'object',
      properties: { scanIntervalMinutes: { type: 'number' } },
    },
  },
};

const PLUGIN_PACKAGES = [
  '@acme/plugin-todo',
  '@acme/plugin-todo-backend',
  '@acme/plugin-todo-common',
];

const shared = {
  author: 'Jane Doe <jane@acme.dev> (https://acme.dev)',
  license: 'Apache-2.0',
  homepage: 'https://acme.dev/todo',
  repository: {
    type: 'git',
    url: 'git+https://github.com/acme/plugins.git',
    directory: 'plugins/todo',
  },
  bugs: { url: 'https://github.com/acme/plugins/issues' },
};

/**
 * The three packages of one plugin, versioned apart as Backstage
 * monorepos publish them, with two releases of the frontend and backend.
 */
export function todoPlugin(): Record<string, TestRelease[]> {
  return {
    '@acme/plugin-todo': [
      {
        publishedAt: '2025-01-01T10:00:00.000Z',
        manifest: {
          ...shared,
          version: '1.0.0',
          description: 'Shows the TODO comments of an entity',
          deprecated: 'Use 1.1.0: 1.0.0 leaks memory',
          dependencies: {
            '@acme/plugin-todo-common': '^1.0.0',
            '@backstage/core-plugin-api': '^1.9.0',
          },
          backstage: {
            role: 'frontend-plugin',
            pluginId: 'todo',
            pluginPackages: PLUGIN_PACKAGES,
          },
        },
      },
      {
        publishedAt: '2025-02-01T10:00:00.000Z',
        manifest: {
          ...shared,
          version: '1.1.0',
          description: 'Shows the TODO comments of an entity',
          keywords: [
            'backstage',
            'backstage-plugin',
            'Todo',
            'Code Quality',
            'todo',
          ],
          types: 'dist/index.d.ts',
          configSchema: './config.schema.json',
          dependencies: {
            '@acme/plugin-todo-common': '^1.0.0',
            '@backstage/core-plugin-api': '^1.10.0',
          },
          peerDependencies: { react: '^18.0.0' },
          backstage: {
            role: 'frontend-plugin',
            pluginId: 'todo',
            pluginPackages: PLUGIN_PACKAGES,
            'supported-versions': '>=1.30.0',
          },
        },
        files: {
          'Readme.md': '# Todo\n\nSee the TODOs of your code.',
          'config.schema.json': JSON.stringify(todoFrontendSchema),
        },
      },
    ],
    '@acme/plugin-todo-backend': [
      {
        publishedAt: '2025-01-01T10:05:00.000Z',
        manifest: {
          ...shared,
          version: '0.5.0',
          description: 'Backend of the todo plugin',
          dependencies: { '@backstage/backend-plugin-api': '^0.9.0' },
          backstage: {
            role: 'backend-plugin',
            pluginId: 'todo',
            pluginPackages: PLUGIN_PACKAGES,
          },
        },
      },
      {
        publishedAt: '2025-02-01T10:03:00.000Z',
        manifest: {
          ...shared,
          version: '0.6.0',
          description: 'Backend of the todo plugin',
          keywords: ['backstage', 'productivity'],
          configSchema: todoBackendSchema,
          dependencies: {
            '@acme/plugin-todo-common': '^1.0.0',
            '@backstage/backend-plugin-api': '^1.0.0',
          },
          backstage: {
            role: 'backend-plugin',
            pluginId: 'todo',
            pluginPackages: PLUGIN_PACKAGES,
          },
        },
        files: { 'README.md': '# Todo backend' },
      },
    ],
    '@acme/plugin-todo-common': [
      {
        publishedAt: '2025-01-01T10:01:00.000Z',
        manifest: {
          ...shared,
          version: '1.0.0',
          description: 'Types shared by the todo plugin',
          configSchema: 'config.d.ts',
          backstage: {
            role: 'common-library',
            pluginId: 'todo',
            pluginPackages: PLUGIN_PACKAGES,
          },
        },
        files: { 'config.d.ts': 'export interface Config {}' },
      },
    ],
  };
}

/** An unrelated plugin with no `backstage` field: grouped by its name alone. */
export function weatherPlugin(): Record<string, TestRelease[]> {
  return {
    '@other/backstage-plugin-weather': [
      {
        publishedAt: '2025-03-01T08:00:00.000Z',
        manifest: {
          version: '0.1.0',
          description: 'The weather at your office',
          license: 'MIT',
        },
        files: { 'README.markdown': 'Sunny.' },
      },
    ],
  };
}
