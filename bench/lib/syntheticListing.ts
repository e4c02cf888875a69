import { PLUGIN_CATEGORY_IDS } from '../../plugins/marketplace-common/src';
import { StoredListing } from '../../plugins/marketplace-backend/src/registry/RegistryStore';

/**
 * Synthetic plugin number `i` of `count` (each with 2 packages, 3 versions, 4
 * dependencies), the same for the same arguments, for benchmarks at scale.
 */
export function syntheticListing(i: number, count: number): StoredListing {
  const id = `bench.plugin-${i}`;
  const version = `1.${i % 50}.${i % 7}`;
  const packages = [
    { name: `@bench/plugin-${i}`, role: 'frontend-plugin' as const, version, downloadsMonthly: (i * 7919) % 100_000 },
    { name: `@bench/plugin-${i}-backend`, role: 'backend-plugin' as const, version, downloadsMonthly: (i * 104729) % 50_000 },
  ];
  return {
    source: 'npm',
    priority: 20,
    downloadsMonthly: packages[0].downloadsMonthly + packages[1].downloadsMonthly,
    publishedAt: new Date(Date.UTC(2024, 0, 1) + (i % 700) * 86_400_000).toISOString(),
    packages,
    versions: ['1.0.0', '1.1.0', version].map((v, n) => ({
      version: v,
      publishedAt: new Date(Date.UTC(2023, n, 1)).toISOString(),
      dependencies:
        n === 2
          ? [
              { package: packages[0].name, name: '@backstage/core-plugin-api', range: '^1.12.0', kind: 'dependency' as const },
              { package: packages[0].name, name: 'react', range: '^18.0.0', kind: 'peer' as const },
              { package: packages[1].name, name: '@backstage/backend-plugin-api', range: '^1.10.0', kind: 'dependency' as const },
              { package: packages[1].name, name: `@bench/plugin-${(i + 1) % count}-backend`, range: '^1.0.0', kind: 'dependency' as const },
            ]
          : [],
    })).filter((v, n, all) => all.findIndex(x => x.version === v.version) === n),
    spec: {
      id,
      name: `Bench plugin ${i}`,
      version,
      description: `Synthetic plugin number ${i} for measuring the registry at scale.`,
      author: { name: `Publisher ${i % 400}` },
      license: 'Apache-2.0',
      tags: [`tag-${i % 97}`, `group-${i % 13}`],
      category: PLUGIN_CATEGORY_IDS[i % PLUGIN_CATEGORY_IDS.length],
      dependencies: {},
      peerDependencies: {},
      environmentVariables: [],
      provides: [{ type: 'api', id: `/api/plugin-${i}` }],
      requires: [],
      installation: { method: 'npm', packages: packages.map(p => ({ name: p.name, role: p.role })) },
      permissions: [],
      documentation: { readme: `# Plugin ${i}\n\n${'Lorem ipsum dolor sit amet. '.repeat(20)}` },
      qualityMetrics: { score: i % 101, grade: 'C', signals: {}, computedAt: '2026-11-25T00:00:00.000Z' },
    },
  };
}
