/*
 * Registry at scale, on Postgres: ingestion throughput and list latency with
 * 100k synthetic plugins (each with 2 packages, 3 versions, 4 dependencies).
 *   bash bench/run.sh registry-100k.ts [count=100000]
 * Uses POSTGRES_HOST/PORT/USER/PASSWORD (defaults: 127.0.0.1:5432, postgres);
 * creates and drops its own database.
 */
import { mockServices } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { DatabaseRegistryStore } from '../plugins/marketplace-backend/src/registry/DatabaseRegistryStore';
import { ListQuery } from '../plugins/marketplace-backend/src/registry/RegistryStore';
import { syntheticListing } from './lib/syntheticListing';
import { percentile, postgresConnection } from './lib/common';

const count = Number(process.argv[2] ?? 100_000);
const connection = postgresConnection;

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

    const listings = Array.from({ length: count }, (_, i) => syntheticListing(i, count));
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
