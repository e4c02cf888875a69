import {
  UninstallPlan,
  InstallJob,
  InstallJobEvent,
  PluginSummary,
  SearchHit,
} from '@internal/backstage-plugin-marketplace-common';
import { MarketplaceApi } from '../api';

/** A plugin summary with plausible defaults. */
export function summary(id: string, overrides: Partial<PluginSummary> = {}): PluginSummary {
  return {
    id,
    name: id,
    description: `About ${id}`,
    version: '1.0.0',
    author: 'Someone',
    category: 'monitoring',
    tags: [],
    source: 'seed',
    firstParty: false,
    downloadsMonthly: 1234,
    qualityScore: 70,
    roles: ['frontend-plugin'],
    backstageVersion: '^1.40.0',
    publishedAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-25T00:00:00.000Z',
    installed: false,
    ...overrides,
  };
}

export function hit(id: string, overrides: Partial<PluginSummary> = {}): SearchHit {
  return { ...summary(id, overrides), score: 1 };
}

/** An install job with plausible defaults. */
export function installJob(overrides: Partial<InstallJob> = {}): InstallJob {
  return {
    id: 'job-1',
    batchId: 'batch-1',
    pluginId: 'acme.todo',
    action: 'install',
    version: '1.0.0',
    state: 'queued',
    packages: [],
    dependsOn: [],
    attempt: 1,
    resumes: 0,
    cancelRequested: false,
    rolledBack: false,
    requestedBy: 'user:default/guest',
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    ...overrides,
  };
}

/** An event of job `job-1` with plausible defaults. */
export function jobEvent(id: number, overrides: Partial<InstallJobEvent> = {}): InstallJobEvent {
  return {
    id,
    jobId: 'job-1',
    attempt: 1,
    step: 'resolving',
    status: 'succeeded',
    message: `event ${id}`,
    createdAt: '2026-12-01T00:00:00.000Z',
    ...overrides,
  };
}

/**
 * A MarketplaceApi whose every method is a jest mock with an empty or
 * plausible answer; override what a test is about.
 */
/** A removal plan with nothing to remove but the plugin itself. */
function emptyRemovalPlan(pluginId: string): UninstallPlan {
  return {
    pluginId,
    version: '1.0.0',
    packages: [],
    configKeys: [],
    dataRemoval: 'none',
    warnings: [],
    dependents: [],
    confirmRequired: false,
  };
}

export function fakeMarketplaceApi(overrides: Partial<MarketplaceApi> = {}): jest.Mocked<MarketplaceApi> {
  const api: MarketplaceApi = {
    getHealth: async () => ({
      status: 'ok',
      database: { status: 'ok', kind: 'postgresql', latencyMs: 1.5 },
      cache: { status: 'ok', kind: 'redis', latencyMs: 0.4 },
    }),
    getRegistryStatus: async () => ({
      totalPlugins: 275,
      sources: [],
      semanticIndex: { provider: 'local-lexicon', embedded: 275, total: 275, upToDate: true },
    }),
    getEnvironment: async () => ({ backstageVersion: '1.55.0' }),
    listPlugins: async () => ({ items: [], totalCount: 0, offset: 0, limit: 20 }),
    listCategories: async () => [
      { id: 'monitoring', title: 'Monitoring & Observability', description: 'Metrics and on-call.', count: 2 },
      { id: 'security', title: 'Security', description: 'Vulnerabilities.', count: 1 },
      { id: 'ai', title: 'AI & Assistants', description: 'Assistants.', count: 0 },
    ],
    searchPlugins: async () => ({ items: [], totalCount: 0, facets: {} }),
    autocomplete: async () => [],
    getTrending: async () => [],
    getPopular: async () => [],
    getRecommendations: async () => [],
    getSimilar: async () => [],
    getPlugin: async id => {
      throw new Error(`no plugin ${id}`);
    },
    getVersions: async () => [],
    getDependencies: async id => ({ pluginId: id, version: '1.0.0', dependencies: [] }),
    getChangelog: async id => ({ pluginId: id, origin: 'releases', markdown: '' }),
    getDocumentation: async id => ({ pluginId: id }),
    listInstalled: async () => [],
    recordEvent: async () => {},
    planInstall: async request => ({
      ok: true,
      backstageVersion: '1.55.0',
      plugins: request.plugins.map(p => ({
        pluginId: p.pluginId,
        name: p.pluginId,
        version: p.version ?? '1.0.0',
        action: 'install' as const,
        reason: 'requested' as const,
        requiredBy: [],
        prerelease: false,
      })),
      packages: [],
      problems: [],
      external: {},
    }),
    getDependencyAnalysis: async (pluginId, version) => ({
      pluginId,
      version: version ?? '1.0.0',
      direct: [],
      transitive: [],
      conflicts: [],
      missing: [],
      recommendations: [],
    }),
    getUpdatePlan: async () => ({ updates: [], problems: [] }),
    install: async request => ({
      batchId: 'batch-1',
      plan: {
        ok: true,
        backstageVersion: '1.55.0',
        plugins: [],
        packages: [],
        problems: [],
        external: {},
      },
      jobs: request.plugins.map((p, i) =>
        installJob({ id: `job-${i + 1}`, pluginId: p.pluginId, version: p.version ?? '1.0.0' }),
      ),
      alreadyInProgress: [],
    }),
    updatePlugins: async () => ({ batchId: 'batch-1', jobs: [], skipped: [], alreadyInProgress: [] }),
    exportInstall: async () => ({ summary: 'Nothing to change.\n', files: [], patch: '' }),
    listInstallJobs: async () => [],
    getInstallJob: async id => installJob({ id }),
    getInstallJobEvents: async id => ({ job: installJob({ id }), items: [] }),
    cancelInstallJob: async id => installJob({ id, cancelRequested: true }),
    retryInstallJob: async id => installJob({ id, attempt: 2 }),
    getRemovalPlan: async pluginId => emptyRemovalPlan(pluginId),
    uninstall: async pluginId => ({
      plan: emptyRemovalPlan(pluginId),
      job: installJob({ pluginId, action: 'uninstall' }),
    }),
    restartBackend: async () => {},
    getRestartStatus: async () => ({ supervised: true, startedAt: '2026-11-30T00:00:00.000Z', waiting: [], replicas: [] }),
    getConfigurationForm: async pluginId => ({
      pluginId,
      schema: {},
      uiSchema: {},
      formData: {},
      steps: [],
      environment: { integrations: [], environmentVariables: {} },
      required: false,
    }),
    validatePluginConfig: async () => ({ valid: true, errors: [] }),
    previewPluginConfig: async () => ({ yaml: '', diff: '', validation: { valid: true, errors: [] } }),
    getManagedConfig: async () => ({ path: 'app-config.marketplace.yaml', yaml: '', revision: 0 }),
    saveManagedConfig: async () => ({
      revision: 1,
      author: 'user:default/guest',
      message: '',
      createdAt: '2026-12-01T00:00:00.000Z',
      diff: '',
      appliedLive: false,
    }),
    savePluginConfigs: async request => ({
      revision: 1,
      appliedLive: false,
      plugins: Object.keys(request.plugins).map(pluginId => ({ pluginId, changed: true })),
    }),
    validateManagedConfig: async () => ({ valid: true, errors: [] }),
    listConfigRevisions: async () => [],
    getConfigRevision: async revision => {
      throw new Error(`no revision ${revision}`);
    },
    rollbackConfig: async revision => ({
      revision: revision + 1,
      author: 'user:default/guest',
      message: `Roll back to revision ${revision}`,
      createdAt: '2026-12-01T00:00:00.000Z',
      diff: '',
      rollbackOf: revision,
      appliedLive: false,
    }),
    ...overrides,
  };
  const mocked: Record<string, unknown> = {};
  for (const [key, implementation] of Object.entries(api)) {
    mocked[key] = jest.fn(implementation);
  }
  return mocked as unknown as jest.Mocked<MarketplaceApi>;
}
