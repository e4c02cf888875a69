/*
 * The install engine, measured against a loopback npm registry (with a token)
 * and two replicas sharing one database, each with its own file store and
 * dynamic plugins root:
 *   - confirm → pending-restart for a backend plugin whose dependencies the
 *     app provides, and for one that brings its own (npm install from the
 *     loopback registry), and until the other replica has it on its disk;
 *   - 20 concurrent install requests for 20 plugins, half sent to each
 *     replica: none lost, none applied twice, all on both disks;
 *   - 20 concurrent requests for the same plugin: one job, applied once.
 * Restart → live (the backend loading the root) is not in here: it is the
 * backend's start-up time (bench/backend-startup.sh).
 *   bash bench/run.sh install.ts [runs=5]
 * Uses POSTGRES_HOST/PORT/USER/PASSWORD (defaults: 127.0.0.1:5432, postgres);
 * creates and drops its own database. Set SKIP_POSTGRES=1 for SQLite only.
 */
import { InstallJob } from '@internal/backstage-plugin-marketplace-common';
import { DefaultDependencyResolver } from '@internal/backstage-plugin-marketplace-node';
import knexFactory, { Knex } from 'knex';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeListing } from '../plugins/marketplace-backend/src/__testUtils__/listings';
import { createStandaloneEngine } from '../plugins/marketplace-backend/src/install/__testUtils__/standaloneEngine';
import { DefaultInstallService } from '../plugins/marketplace-backend/src/install/InstallService';
import { packageDirName } from '../plugins/marketplace-backend/src/install/targets/DynamicPluginsTarget';
import { DatabasePluginUniverse } from '../plugins/marketplace-backend/src/planning/DatabasePluginUniverse';
import { DatabaseRegistryStore } from '../plugins/marketplace-backend/src/registry/DatabaseRegistryStore';
import { FakeRegistry } from '../plugins/marketplace-backend/src/sources/npm/__testUtils__/FakeRegistry';
import { percentile, postgresConnection } from './lib/common';

const runs = Number(process.argv[2] ?? 5);
const CONCURRENT = 20;
const TOKEN = 'bench-token';
const FINISHED = new Set(['done', 'failed', 'cancelled']);

const shared = (i: number) => `bench.shared-${i}`;
const own = (i: number) => `bench.own-${i}`;
const many = (i: number) => `bench.many-${i}`;
const pkgOf = (id: string) => `@bench/plugin-${id.slice('bench.'.length)}-backend`;

function allPluginIds(): string[] {
  return [
    ...Array.from({ length: runs }, (_, i) => shared(i)),
    ...Array.from({ length: runs }, (_, i) => own(i)),
    ...Array.from({ length: CONCURRENT }, (_, i) => many(i)),
    'bench.same',
  ];
}

async function publish(registry: FakeRegistry) {
  registry.addPackage('@bench/own-dep', [{ manifest: { version: '1.0.0', main: 'index.js' }, files: { 'index.js': 'module.exports = 1;' } }]);
  const files = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`dist/part-${i}.js`, `exports.part = ${i};`]));
  for (const id of allPluginIds()) {
    registry.addPackage(pkgOf(id), [
      {
        manifest: {
          version: '1.0.0',
          main: 'dist/part-0.js',
          backstage: { role: 'backend-plugin' },
          dependencies: { express: '^4.17.0', ...(id.startsWith('bench.own') ? { '@bench/own-dep': '^1.0.0' } : {}) },
        },
        files,
      },
    ]);
  }
}

async function replica(knex: Knex, root: string, name: string, registryUrl: string) {
  const appRoot = join(root, name);
  await mkdir(join(appRoot, 'dynamic-plugins-root'), { recursive: true });
  const engine = await createStandaloneEngine({
    knex,
    appRoot: process.cwd(),
    managedConfigPath: join(appRoot, 'app-config.marketplace.yaml'),
    config: {
      dynamicPlugins: { rootDirectory: join(appRoot, 'dynamic-plugins-root') },
      marketplace: {
        sources: { npm: { registry: registryUrl, token: TOKEN } },
        install: { storeDir: join(appRoot, 'store'), leaseSeconds: 30, concurrency: 4 },
      },
    },
  });
  const universe = await DatabasePluginUniverse.create({ database: { getClient: async () => knex } as any, backstageVersion: '1.55.0' });
  const service = DefaultInstallService.create({
    ...engine,
    resolver: DefaultDependencyResolver.create({ universe }),
    universe,
    generator: engine.generator,
    getSpec: engine.getSpec,
  });
  // Each replica's scheduler: a pass every 20 ms.
  let running = true;
  const loop = (async () => {
    while (running) {
      await engine.reconciler.tick();
      await new Promise(r => setTimeout(r, 20));
    }
    await engine.reconciler.idle();
  })();
  return {
    engine,
    service,
    onDisk: (pluginId: string) => existsSync(join(appRoot, 'dynamic-plugins-root', packageDirName(pkgOf(pluginId)), '.marketplace-install.json')),
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

async function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 5));
  }
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${percentile(sorted, 50).toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms (n=${values.length})`;
}

async function benchmark(label: string, knex: Knex, registryUrl: string) {
  const root = await mkdtemp(join(tmpdir(), 'bench-install-'));
  const registryStore = await DatabaseRegistryStore.create({ database: { getClient: async () => knex } as any });
  await registryStore.replaceSource(
    'npm',
    allPluginIds().map(id =>
      makeListing(id, { source: 'npm', packages: [{ name: pkgOf(id), role: 'backend-plugin', version: '1.0.0' }], versions: [{ version: '1.0.0', dependencies: [] }] }),
    ),
  );
  const a = await replica(knex, root, 'a', registryUrl);
  const b = await replica(knex, root, 'b', registryUrl);
  const done = (id: string) => until(async () => {
    const job = await a.engine.store.getJob(id);
    return job && FINISHED.has(job.state) ? job : undefined;
  });

  console.log(`\n${label}`);
  for (const [name, ids] of [
    ['backend plugin, dependencies from the app', Array.from({ length: runs }, (_, i) => shared(i))],
    ['backend plugin with its own dependency (npm install)', Array.from({ length: runs }, (_, i) => own(i))],
  ] as const) {
    const live: number[] = [];
    const elsewhere: number[] = [];
    for (const id of ids) {
      const start = performance.now();
      const response = await a.service.install({ plugins: [{ pluginId: id }] }, { requestedBy: 'user:default/bench' });
      const job = await done(response.jobs[0].id);
      if (job.state !== 'done') throw new Error(`${id}: ${job.state} ${job.error?.message}`);
      live.push(performance.now() - start);
      await until(async () => (a.onDisk(id) && b.onDisk(id) ? true : undefined));
      elsewhere.push(performance.now() - start);
    }
    console.log(`  confirm → pending-restart, ${name}: ${summary(live)}`);
    console.log(`  … and on the other replica's disk too: ${summary(elsewhere)}`);
  }

  // 20 requests at once, for 20 plugins, half to each replica.
  const start = performance.now();
  const responses = await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) =>
      (i % 2 ? b : a).service.install({ plugins: [{ pluginId: many(i) }] }, { requestedBy: `user:default/u${i}` }),
    ),
  );
  const jobs: InstallJob[] = await Promise.all(responses.map(r => done(r.jobs[0].id)));
  await until(async () => (Array.from({ length: CONCURRENT }, (_, i) => many(i)).every(id => a.onDisk(id) && b.onDisk(id)) ? true : undefined));
  const elapsed = performance.now() - start;
  const activations = await Promise.all(
    jobs.map(async job => (await a.engine.store.listEvents(job.id)).filter(e => e.step === 'activating' && e.status === 'succeeded').length),
  );
  const lost = CONCURRENT - new Set(jobs.filter(j => j.state === 'done').map(j => j.pluginId)).size;
  const twice = activations.filter(n => n !== 1).length;
  console.log(`  ${CONCURRENT} concurrent requests, ${CONCURRENT} plugins, 2 replicas: all on both disks in ${elapsed.toFixed(0)} ms; lost ${lost}, applied twice ${twice}`);

  // 20 requests at once for the same plugin.
  const same = await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) => (i % 2 ? b : a).service.install({ plugins: [{ pluginId: 'bench.same' }] }, { requestedBy: 'user:default/bench' })),
  );
  const ids = new Set(same.map(r => r.jobs[0].id));
  const sameJob = await done([...ids][0]);
  const sameActivations = (await a.engine.store.listEvents(sameJob.id)).filter(e => e.step === 'activating' && e.status === 'succeeded').length;
  console.log(`  ${CONCURRENT} concurrent requests for one plugin: ${ids.size} job (${same.filter(r => r.alreadyInProgress.length).length} joined it), ${sameJob.state}, activated ${sameActivations} time(s)`);

  await a.stop();
  await b.stop();
  await rm(root, { recursive: true, force: true });
  if (lost || twice || ids.size !== 1 || sameActivations !== 1) process.exitCode = 1;
}

async function main() {
  const registry = await FakeRegistry.start({ token: TOKEN });
  await publish(registry);
  try {
    const sqlite = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
    await benchmark('SQLite (in memory)', sqlite, registry.url);
    await sqlite.destroy();
    if (process.env.SKIP_POSTGRES !== '1') {
      const databaseName = `bench_install_${process.pid}`;
      const admin = knexFactory({ client: 'pg', connection: { ...postgresConnection, database: 'postgres' } });
      await admin.raw(`CREATE DATABASE ${databaseName}`);
      const pg = knexFactory({ client: 'pg', connection: { ...postgresConnection, database: databaseName }, pool: { min: 1, max: 10 } });
      try {
        await benchmark('Postgres', pg, registry.url);
      } finally {
        await pg.destroy();
        await admin.raw(`DROP DATABASE ${databaseName}`);
        await admin.destroy();
      }
    }
  } finally {
    await registry.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
