/*
 * Dependency resolution at scale: plan() for random requests and
 * planUpdates() for a large installed set, over a synthetic universe of 10k
 * plugins (1-3 majors with 2-3 minors each, some prereleases; 200 core
 * libraries used across the universe, lanes of 250 plugins with dependency
 * chains tens deep, diamonds whose parents ask for different majors of a
 * shared dependency, newest releases that need a newer Backstage, ranges no
 * release satisfies).
 * First in memory (the algorithm), then from Postgres through the
 * database-backed universe (batched reads, as the API runs it). A stress
 * shape follows: the same plugins as one web, chains thousands deep.
 *   bash bench/run.sh resolve-10k.ts [count=10000] [requests=300]
 * Uses POSTGRES_HOST/PORT/USER/PASSWORD (defaults: 127.0.0.1:5432, postgres);
 * creates and drops its own database. Set SKIP_POSTGRES=1 to measure memory only.
 */
import { mockServices } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { InstallPlanRequest } from '../plugins/marketplace-common/src';
import {
  DefaultDependencyResolver,
  InMemoryPluginUniverse,
  PluginUniverse,
  UniversePlugin,
} from '../plugins/marketplace-node/src';
import { DatabasePluginUniverse } from '../plugins/marketplace-backend/src/planning';
import { DatabaseRegistryStore } from '../plugins/marketplace-backend/src/registry/DatabaseRegistryStore';
import { StoredListing } from '../plugins/marketplace-backend/src/registry/RegistryStore';
import { percentile, postgresConnection } from './lib/common';
import { syntheticListing } from './lib/syntheticListing';

const count = Number(process.argv[2] ?? 10_000);
const requestCount = Number(process.argv[3] ?? 300);
const APP = '1.55.0';
/**
 * The shape of the graph: the first `core` plugins are libraries many others
 * use; the rest come in lanes of `lane` plugins, each depending on plugins at
 * most `span` ahead in its lane.
 */
interface Shape {
  core: number;
  lane: number;
  span: number;
}
/** Chains tens deep, plans of about a hundred plugins. */
const LANES: Shape = { core: 200, lane: 250, span: 6 };
/** One web: chains thousands deep, plans of thousands of plugins. */
const ONE_WEB: Shape = { core: 0, lane: 10_000_000, span: 40 };
/** mulberry32: the same universe on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const id = (i: number) => `bench.resolve-${i}`;
const pkg = (i: number) => `@bench/resolve-${i}`;

function syntheticUniverse(n: number, { core, lane, span }: Shape): UniversePlugin[] {
  const rng = random(42);
  const majors = Array.from({ length: n }, () => 1 + Math.floor(rng() * 3));
  return Array.from({ length: n }, (_, i) => {
    const targets = new Set<number>();
    const laneEnd = i < core ? core : Math.min(n, core + (Math.floor((i - core) / lane) + 1) * lane);
    const fanOut = Math.floor(rng() * 4);
    for (let k = 0; k < fanOut; k++) {
      const t = i + 1 + Math.floor(rng() * span);
      if (t < laneEnd) targets.add(t);
    }
    if (i >= core && core > 0) {
      for (let k = Math.floor(rng() * 3); k > 0; k--) targets.add(Math.floor(rng() * core));
    }
    const versions: UniversePlugin['versions'] = [];
    for (let major = majors[i]; major >= 1; major--) {
      const minors = 2 + Math.floor(rng() * 2);
      for (let minor = minors - 1; minor >= 0; minor--) {
        const version = `${major}.${minor}.0`;
        const newest = versions.length === 0;
        versions.push({
          version,
          prerelease: false,
          // A quarter of the newest releases need a Backstage newer than the app.
          backstageVersion: newest && rng() < 0.25 ? '>=1.60.0' : '>=1.40.0',
          dependencies: [...targets].map(t => ({
            package: pkg(i),
            name: pkg(t),
            // Parents on different majors ask for different majors of a shared child (diamonds);
            // now and then a newest release asks for a major that does not exist.
            range: newest && rng() < 0.05 ? '^9.0.0' : `^${Math.min(major, majors[t])}.0.0`,
            kind: 'dependency' as const,
            pluginId: id(t),
          })),
        });
      }
    }
    if (rng() < 0.1) {
      versions.unshift({
        version: `${majors[i] + 1}.0.0-next.1`,
        prerelease: true,
        dependencies: [],
      });
    }
    return {
      id: id(i),
      name: `Resolve ${i}`,
      version: versions[0].version,
      packages: [{ name: pkg(i), role: 'frontend-plugin' as const, version: versions[0].version }],
      versions,
    };
  });
}

/** A universe that adds up the time spent reading it. */
function timed(universe: PluginUniverse): PluginUniverse & { readMs: number; byRead: Map<string, number> } {
  const wrapper = {
    readMs: 0,
    byRead: new Map<string, number>(),
    async track<T>(name: string, read: Promise<T>): Promise<T> {
      const started = performance.now();
      try {
        return await read;
      } finally {
        const ms = performance.now() - started;
        wrapper.readMs += ms;
        wrapper.byRead.set(name, (wrapper.byRead.get(name) ?? 0) + ms);
      }
    },
    getPlugins: (ids: string[], options?: { closure?: boolean }) =>
      wrapper.track(options?.closure ? 'getPlugins(closure)' : 'getPlugins', universe.getPlugins(ids, options)),
    getInstalled: () => wrapper.track('getInstalled', universe.getInstalled()),
    getBackstageVersion: () => wrapper.track('getBackstageVersion', universe.getBackstageVersion()),
    getPackageOwners: (names: string[]) => wrapper.track('getPackageOwners', universe.getPackageOwners(names)),
    getDependents: (id: string, limit: number) => wrapper.track('getDependents', universe.getDependents(id, limit)),
  };
  return wrapper;
}

function readsOf(universe: { byRead: Map<string, number> }, runs: number) {
  return [...universe.byRead].map(([name, ms]) => `${name} ${(ms / runs).toFixed(0)} ms`).join(', ');
}

function randomRequests(n: number, total: number): InstallPlanRequest[] {
  const rng = random(7);
  return Array.from({ length: total }, () => ({
    plugins: Array.from({ length: 1 + Math.floor(rng() * 3) }, () => ({ pluginId: id(Math.floor(rng() * n)) })),
  }));
}

async function timePlans(resolver: DefaultDependencyResolver, requests: InstallPlanRequest[]) {
  const times: number[] = [];
  let ok = 0;
  let planned = 0;
  let gaveUp = 0;
  for (const req of requests) {
    const started = performance.now();
    const plan = await resolver.plan(req);
    times.push(performance.now() - started);
    if (plan.ok) ok += 1;
    if (plan.problems.some(p => p.message.includes('too many combinations'))) gaveUp += 1;
    planned += plan.plugins.length;
  }
  times.sort((a, b) => a - b);
  return { times, ok, meanPlugins: planned / requests.length, gaveUp };
}

function row(label: string, times: number[], note: string) {
  console.log(
    `  ${label.padEnd(34)} ${String(times.length).padStart(5)}  p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms  max ${times[times.length - 1].toFixed(1).padStart(7)} ms  ${note}`,
  );
}

/** A consistent installed set from an older state of the universe: everything at 1.x, planned for 40 plugins. */
async function olderInstalledSet(plugins: UniversePlugin[]) {
  const older = plugins.map(p => {
    const versions = p.versions.filter(v => v.version.startsWith('1.') && !v.prerelease);
    return { ...p, version: versions[0].version, versions };
  });
  const resolver = DefaultDependencyResolver.create({
    universe: InMemoryPluginUniverse.create({ plugins: older, backstageVersion: APP }),
  });
  const rng = random(11);
  const installed = new Map<string, string>();
  for (let k = 0; k < 40; k++) {
    const plan = await resolver.plan({ plugins: [{ pluginId: id(Math.floor(rng() * plugins.length * 0.5)) }] });
    if (!plan.ok) continue;
    for (const p of plan.plugins) if (!installed.has(p.pluginId)) installed.set(p.pluginId, p.version);
  }
  return [...installed].map(([pluginId, version]) => ({ pluginId, version }));
}

async function timeUpdates(universe: PluginUniverse, runs: number) {
  const resolver = DefaultDependencyResolver.create({ universe });
  const times: number[] = [];
  let updates = 0;
  let held = 0;
  for (let k = 0; k < runs; k++) {
    const started = performance.now();
    const plan = await resolver.planUpdates();
    times.push(performance.now() - started);
    updates = plan.updates.length;
    held = plan.updates.filter(u => u.heldBackBy).length + plan.problems.length;
  }
  times.sort((a, b) => a - b);
  return { times, updates, held };
}

function toListing(plugin: UniversePlugin, i: number): StoredListing {
  const base = syntheticListing(i, count);
  return {
    ...base,
    packages: plugin.packages.map(p => ({ ...p, downloadsMonthly: 10 })),
    versions: plugin.versions.map(v => ({
      version: v.version,
      backstageVersion: v.backstageVersion,
      dependencies: v.dependencies.map(({ pluginId: _target, ...d }) => d),
    })),
    spec: {
      ...base.spec,
      id: plugin.id,
      name: plugin.name,
      version: plugin.version,
      installation: { method: 'npm', packages: plugin.packages.map(p => ({ name: p.name, role: p.role })) },
    },
  };
}

async function main() {
  let started = performance.now();
  const plugins = syntheticUniverse(count, LANES);
  const releases = plugins.reduce((n, p) => n + p.versions.length, 0);
  const edges = plugins.reduce((n, p) => n + p.versions.reduce((m, v) => m + v.dependencies.length, 0), 0);
  console.log(
    `Synthetic universe: ${count.toLocaleString('en')} plugins, ${releases.toLocaleString('en')} releases, ${edges.toLocaleString('en')} dependency edges (built in ${(performance.now() - started).toFixed(0)} ms); app on Backstage ${APP}`,
  );
  const requests = randomRequests(count, requestCount);
  const installed = await olderInstalledSet(plugins);
  console.log(`Installed set for updates: ${installed.length} plugins at 1.x, planned together from an older universe`);
  console.log('');
  console.log(`  ${'what'.padEnd(34)} ${'runs'.padStart(5)}  latency`);

  const memory = InMemoryPluginUniverse.create({ plugins, backstageVersion: APP });
  const inMemory = await timePlans(DefaultDependencyResolver.create({ universe: memory }), requests);
  row('plan(), lanes, in memory', inMemory.times, `${inMemory.ok}/${requests.length} ok, ${inMemory.meanPlugins.toFixed(0)} plugins per plan, ${inMemory.gaveUp} gave up`);
  const memoryUpdates = await timeUpdates(InMemoryPluginUniverse.create({ plugins, installed, backstageVersion: APP }), 5);
  row('planUpdates(), lanes, in memory', memoryUpdates.times, `${installed.length} installed, ${memoryUpdates.updates} updates, ${memoryUpdates.held} held back`);


  const web = syntheticUniverse(count, ONE_WEB);
  const webResolver = DefaultDependencyResolver.create({
    universe: InMemoryPluginUniverse.create({ plugins: web, backstageVersion: APP }),
  });
  const webRequests = requests.slice(0, 30);
  const stress = await timePlans(webResolver, webRequests);
  row('plan(), one web, in memory', stress.times, `${stress.ok}/${webRequests.length} ok, ${stress.meanPlugins.toFixed(0)} plugins per plan, ${stress.gaveUp} gave up`);

  if (process.env.SKIP_POSTGRES) return;
  const database = `bench_resolve_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: { ...postgresConnection, database: 'postgres' } });
  await admin.raw(`CREATE DATABASE ${database}`);
  const knex = knexFactory({ client: 'pg', connection: { ...postgresConnection, database }, pool: { min: 1, max: 5 } });
  try {
    const databaseService = mockServices.database({ knex });
    const store = await DatabaseRegistryStore.create({ database: databaseService });
    started = performance.now();
    await store.replaceSource('npm', plugins.map(toListing));
    const now = new Date().toISOString();
    for (let k = 0; k < installed.length; k += 500) {
      await knex('installations').insert(
        installed.slice(k, k + 500).map(i => ({ plugin_id: i.pluginId, version: i.version, status: 'installed', installed_at: now, updated_at: now })),
      );
    }
    await knex.raw('VACUUM ANALYZE');
    console.log(`  (stored in Postgres in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    const universe = timed(await DatabasePluginUniverse.create({ database: databaseService, backstageVersion: APP }));
    const dbRequests = requests.slice(0, 100);
    const fromDb = await timePlans(DefaultDependencyResolver.create({ universe }), dbRequests);
    row('plan(), lanes, from Postgres', fromDb.times, `${fromDb.ok}/${Math.min(100, requests.length)} ok, with ${installed.length} installed; reads ${(universe.readMs / dbRequests.length).toFixed(0)} ms a plan on average`);
    console.log(`    reads per plan: ${readsOf(universe, dbRequests.length)}`);
    universe.readMs = 0;
    universe.byRead.clear();
    const dbUpdates = await timeUpdates(universe, 3);
    row('planUpdates(), lanes, from Postgres', dbUpdates.times, `${installed.length} installed, ${dbUpdates.updates} updates; reads ${(universe.readMs / 3).toFixed(0)} ms a run`);
    console.log(`    reads per run: ${readsOf(universe, 3)}`);
  } finally {
    await knex.destroy();
    await admin.raw(`DROP DATABASE ${database}`);
    await admin.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
