/*
 * Registry at scale, on Postgres: ingestion throughput and list latency with
 * 100k synthetic plugins (each with 2 packages, 3 versions, 4 dependencies).
 *   bash bench/run.sh registry-100k.ts [count=100000]
 * Uses POSTGRES_HOST/PORT/USER/PASSWORD (defaults: 127.0.0.1:5432, postgres);
 * creates and drops its own database.
 */
import { mockServices } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { PLUGIN_CATEGORY_IDS } from '../plugins/marketplace-common/src';
import { DatabaseRegistryStore } from '../plugins/marketplace-backend/src/registry/DatabaseRegistryStore';
import { ListQuery, StoredListing } from '../plugins/marketplace-backend/src/registry/RegistryStore';

const count = Number(process.argv[2] ?? 100_000);
const connection = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
  password: process.env.POSTGRES_PASSWORD ?? '',
};

function listing(i: number): StoredListing {
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

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timeQuery(store: DatabaseRegistryStore, name: string, query: ListQuery, runs = 200) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await store.listPlugins(query);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `  ${name.padEnd(44)} p50 ${percentile(times, 50).toFixed(2).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(2).padStart(7)} ms`,
  );
}

async function main() {
  const database = `bench_registry_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: { ...connection, database: 'postgres' } });
  await admin.raw(`CREATE DATABASE ${database}`);
  const knex = knexFactory({ client: 'pg', connection: { ...connection, database }, pool: { min: 1, max: 5 } });
  try {
    const store = await DatabaseRegistryStore.create({ database: mockServices.database({ knex }) });
    console.log(`Registry on Postgres with ${count.toLocaleString('en')} synthetic plugins`);

    const listings = Array.from({ length: count }, (_, i) => listing(i));
    let started = performance.now();
    const first = await store.replaceSource('npm', listings);
    let seconds = (performance.now() - started) / 1000;
    console.log(`  first ingestion: ${first.inserted} inserted in ${seconds.toFixed(1)} s = ${Math.round(count / seconds)} plugins/s`);

    // A resync where 1% changed: the common case for a scheduled source.
    const changed = listings.map((l, i) => (i % 100 === 0 ? { ...l, downloadsMonthly: l.downloadsMonthly + 1 } : l));
    started = performance.now();
    const second = await store.replaceSource('npm', changed);
    seconds = (performance.now() - started) / 1000;
    console.log(`  resync, 1% changed: ${second.updated} updated, ${second.unchanged} unchanged in ${seconds.toFixed(1)} s = ${Math.round(count / seconds)} plugins/s`);

    // What autovacuum does shortly after a bulk load; without it counts scan the heap.
    await knex.raw('VACUUM ANALYZE');
    console.log('List latency (200 runs each, uncached, straight from the store, after VACUUM ANALYZE):');
    await timeQuery(store, 'first page, most downloaded', { offset: 0, limit: 20, sort: 'downloads', order: 'desc' });
    await timeQuery(store, 'first page, by name', { offset: 0, limit: 20, sort: 'name', order: 'asc' });
    await timeQuery(store, 'one category, best quality', { offset: 0, limit: 20, sort: 'quality', order: 'desc', category: 'monitoring' });
    await timeQuery(store, 'newest releases', { offset: 0, limit: 20, sort: 'published', order: 'desc' });
    await timeQuery(store, 'page 500 (offset 10 000), most downloaded', { offset: 10_000, limit: 20, sort: 'downloads', order: 'desc' }, 50);
    const detail: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started2 = performance.now();
      await store.getPlugin(`bench.plugin-${(i * 4999) % count}`);
      detail.push(performance.now() - started2);
    }
    detail.sort((a, b) => a - b);
    console.log(`  ${'plugin details'.padEnd(44)} p50 ${percentile(detail, 50).toFixed(2).padStart(7)} ms   p95 ${percentile(detail, 95).toFixed(2).padStart(7)} ms`);
  } finally {
    await knex.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
