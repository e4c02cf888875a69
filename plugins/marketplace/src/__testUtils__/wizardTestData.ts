import { ConfigurationForm, InstallPlan } from '@internal/backstage-plugin-marketplace-common';
import { MarketplaceApi } from '../api';
import { fakeMarketplaceApi } from './fakeMarketplaceApi';
import { pluginDetails } from '../components/PluginDetailsPage/testData';

/** The Todo plugin's configuration form: a base URL, a page size and a secret token. */
export function todoForm(overrides: Partial<ConfigurationForm> = {}): ConfigurationForm {
  return {
    pluginId: 'acme.todo',
    schema: {
      type: 'object',
      properties: {
        todo: {
          type: 'object',
          title: 'Todo',
          properties: {
            baseUrl: { type: 'string', title: 'Base URL', description: 'Where the API answers' },
            pageSize: { type: 'number', title: 'Page size', default: 20 },
            token: { type: 'string', title: 'Token', visibility: 'secret' },
          },
        },
      },
    },
    uiSchema: {},
    formData: { todo: { baseUrl: 'https://todo.acme.example' } },
    steps: [],
    environment: { integrations: [], environmentVariables: { TODO_TOKEN: true } },
    required: true,
    ...overrides,
  };
}

/** A plan in which Todo brings Acme Common along. */
export function todoPlan(overrides: Partial<InstallPlan> = {}): InstallPlan {
  return {
    ok: true,
    backstageVersion: '1.55.0',
    plugins: [
      {
        pluginId: 'acme.common',
        name: 'Acme Common',
        version: '1.4.0',
        action: 'install',
        reason: 'dependency',
        requiredBy: ['acme.todo'],
        prerelease: false,
      },
      {
        pluginId: 'acme.todo',
        name: 'Todo',
        version: '2.1.0',
        action: 'install',
        reason: 'requested',
        requiredBy: [],
        prerelease: false,
      },
    ],
    packages: [
      { name: '@acme/plugin-common', version: '1.4.0', role: 'common-library', pluginId: 'acme.common' },
      { name: '@acme/plugin-todo', version: '2.1.0', role: 'frontend-plugin', pluginId: 'acme.todo' },
    ],
    problems: [],
    external: { react: ['^18.0.0'] },
    ...overrides,
  };
}

/** The API as the wizard sees it for the Todo plugin; tests override what they are about. */
export function wizardApi(overrides: Partial<MarketplaceApi> = {}) {
  return fakeMarketplaceApi({
    getPlugin: async () => pluginDetails(),
    getVersions: async () => [
      { version: '2.1.0', publishedAt: '2026-11-01T00:00:00.000Z', backstageVersion: '^1.40.0', prerelease: false },
      { version: '2.0.0', publishedAt: '2026-10-01T00:00:00.000Z', backstageVersion: '^1.40.0', prerelease: false },
    ],
    planInstall: async () => todoPlan(),
    getConfigurationForm: async () => todoForm(),
    previewPluginConfig: async () => ({
      yaml: 'todo:\n  baseUrl: https://todo.acme.example\n',
      diff: '--- a/app-config.marketplace.yaml\n+++ b/app-config.marketplace.yaml\n@@ -1 +1,2 @@\n-{}\n+todo:\n+  baseUrl: https://todo.acme.example\n',
      validation: { valid: true, errors: [] },
    }),
    ...overrides,
  });
}
