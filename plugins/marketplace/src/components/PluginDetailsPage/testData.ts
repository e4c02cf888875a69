import { PluginDetails } from '@internal/backstage-plugin-marketplace-common';
import { MarketplaceApi } from '../../api';

/** A plugin with every part of its details filled in plausibly; tests override what they are about. */
export function pluginDetails(overrides: Partial<PluginDetails> = {}): PluginDetails {
  const base: PluginDetails = {
    id: 'acme.todo',
    name: 'Todo',
    description: 'Lists the TODO comments of each component.',
    version: '2.1.0',
    author: 'Acme',
    category: 'quality',
    tags: ['todo'],
    license: 'Apache-2.0',
    source: 'catalog',
    firstParty: false,
    downloadsMonthly: 12345,
    qualityScore: 78,
    roles: ['frontend-plugin', 'backend-plugin'],
    backstageVersion: '^1.40.0',
    publishedAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-25T00:00:00.000Z',
    installed: false,
    packages: [
      { name: '@acme/plugin-todo', role: 'frontend-plugin', version: '2.1.0', downloadsMonthly: 10000 },
      { name: '@acme/plugin-todo-backend', role: 'backend-plugin', version: '2.1.0', downloadsMonthly: 2345 },
    ],
    qualityMetrics: {
      score: 78,
      grade: 'B',
      computedAt: '2026-11-20T00:00:00.000Z',
      signals: {
        documentation: { score: 1, weight: 0.25, detail: 'README of 4,000 characters' },
        license: { score: 0, weight: 0.1, detail: 'No license declared' },
      },
    },
    spec: {
      id: 'acme.todo',
      name: 'Todo',
      version: '2.1.0',
      description: 'Lists the TODO comments of each component.',
      author: { name: 'Acme' },
      tags: ['todo'],
      category: 'quality',
      dependencies: {},
      peerDependencies: {},
      backstageVersion: '^1.40.0',
      environmentVariables: [],
      provides: [],
      requires: [],
      permissions: [],
      installation: {
        method: 'npm',
        requiresRestart: true,
        packages: [
          { name: '@acme/plugin-todo', role: 'frontend-plugin', version: '2.1.0' },
          { name: '@acme/plugin-todo-backend', role: 'backend-plugin', version: '2.1.0' },
        ],
      },
      documentation: {
        repository: 'https://github.com/acme/backstage-plugins',
        homepage: 'https://acme.example/todo',
      },
    },
  };
  return { ...base, ...overrides };
}

/**
 * The part of the MarketplaceApi the details page uses, answering for one
 * plugin; tests override the calls they are about.
 */
export function detailsApi(
  plugin: PluginDetails = pluginDetails(),
  overrides: Partial<MarketplaceApi> = {},
): MarketplaceApi {
  const api: Partial<MarketplaceApi> = {
    getEnvironment: async () => ({ backstageVersion: '1.55.0' }),
    getPlugin: async () => plugin,
    getDocumentation: async pluginId => ({ pluginId, readme: '## Usage\n\nHow to use it.' }),
    getSimilar: async () => [],
    getVersions: async () => [
      { version: '2.1.0', publishedAt: '2026-11-01T00:00:00.000Z', backstageVersion: '^1.40.0', prerelease: false },
      { version: '3.0.0-next.1', publishedAt: '2026-11-10T00:00:00.000Z', backstageVersion: '^2.0.0', prerelease: true },
    ],
    getChangelog: async pluginId => ({ pluginId, origin: 'package', markdown: '## 2.1.0\n\n- Faster' }),
    getDependencies: async pluginId => ({ pluginId, version: plugin.version, dependencies: [] }),
    recordEvent: async () => {},
    ...overrides,
  };
  return api as MarketplaceApi;
}
