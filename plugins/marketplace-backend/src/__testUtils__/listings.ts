import { PluginSpecification } from '@internal/backstage-plugin-marketplace-common';
import { StoredListing } from '../registry/RegistryStore';

/** A stored listing with sensible defaults, for tests. */
export function makeListing(
  id: string,
  overrides: {
    spec?: Partial<PluginSpecification>;
    source?: StoredListing['source'];
    priority?: number;
    downloadsMonthly?: number;
    publishedAt?: string;
    versions?: StoredListing['versions'];
    packages?: StoredListing['packages'];
  } = {},
): StoredListing {
  const name = id.split('.').pop()!;
  const version = overrides.spec?.version ?? '1.0.0';
  const packages = overrides.packages ?? [
    { name: `@test/plugin-${name}`, role: 'frontend-plugin' as const, version },
    { name: `@test/plugin-${name}-backend`, role: 'backend-plugin' as const, version },
  ];
  return {
    source: overrides.source ?? 'seed',
    priority: overrides.priority ?? 10,
    downloadsMonthly: overrides.downloadsMonthly ?? 100,
    publishedAt: overrides.publishedAt,
    packages,
    versions: overrides.versions ?? [
      {
        version,
        publishedAt: overrides.publishedAt,
        dependencies: [
          { package: packages[0].name, name: '@backstage/core-plugin-api', range: '^1.12.0', kind: 'dependency' },
          { package: packages[0].name, name: 'react', range: '^18.0.0', kind: 'peer' },
        ],
      },
    ],
    spec: {
      id,
      name: `Plugin ${name}`,
      version,
      description: `The ${name} plugin.`,
      author: { name: 'Test Authors' },
      license: 'Apache-2.0',
      tags: [name],
      category: 'other',
      dependencies: {},
      peerDependencies: {},
      environmentVariables: [],
      provides: [],
      requires: [],
      installation: {
        method: 'npm',
        packages: packages.map(p => ({ name: p.name, role: p.role })),
      },
      permissions: [],
      documentation: { readme: `# ${name}` },
      qualityMetrics: { score: 50, grade: 'D', signals: {}, computedAt: '2026-11-01T00:00:00.000Z' },
      ...overrides.spec,
    },
  };
}
