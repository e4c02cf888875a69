/*
 * The managed config at scale: a file configuring every one of `plugins`
 * installed plugins (ten fields each, one of them a secret), validated
 * against all their schemas on every save. Measures validation of the whole
 * file, saves (validate, lock, write the file atomically, record the
 * revision, wait for the backend's root config to re-read the file) and the
 * form of one plugin, on SQLite and on Postgres, with the installed plugins'
 * specs read from the registry tables as the API does.
 *   bash bench/run.sh managed-config.ts [plugins=200] [saves=40]
 * Uses POSTGRES_HOST/PORT/USER/PASSWORD (defaults: 127.0.0.1:5432, postgres);
 * creates and drops its own database. Set SKIP_POSTGRES=1 for SQLite only.
 */
import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigSources } from '@backstage/config-loader';
import knexFactory, { Knex } from 'knex';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  ConfigValidator,
  DatabaseConfigRevisionStore,
  DefaultConfigurationGenerator,
  DefaultManagedConfigStore,
  InstalledSchemaReader,
  LiveConfigMonitor,
  ManagedConfigFile,
} from '../plugins/marketplace-backend/src/configuration';
import { managedHeader } from '../plugins/marketplace-backend/src/configuration/ManagedConfigFile';
import { CachedRegistryReader } from '../plugins/marketplace-backend/src/registry/CachedRegistryReader';
import { DatabaseRegistryStore } from '../plugins/marketplace-backend/src/registry/DatabaseRegistryStore';
import { DefaultRegistryService } from '../plugins/marketplace-backend/src/registry/RegistryService';
import { percentile, postgresConnection } from './lib/common';
import { syntheticListing } from './lib/syntheticListing';

const pluginCount = Number(process.argv[2] ?? 200);
const saveCount = Number(process.argv[3] ?? 40);

const section = (i: number) => `benchPlugin${i}`;

function listing(i: number) {
  const base = syntheticListing(i, pluginCount);
  const properties: Record<string, any> = {
    baseUrl: { type: 'string', description: 'Endpoint', examples: ['https://api.example.com'] },
    timeoutMs: { type: 'number', minimum: 100, maximum: 60000, default: 5000 },
    retries: { type: 'integer', minimum: 0, maximum: 10, default: 3 },
    enabled: { type: 'boolean', default: true },
    mode: { type: 'string', enum: ['fast', 'safe', 'off'], default: 'safe' },
    region: { type: 'string', pattern: '^[a-z]{2}-[a-z]+-\\d$' },
    batchSize: { type: 'number', default: 50 },
    owner: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    token: { type: 'string', visibility: 'secret', description: 'API token' },
  };
  base.spec.configSchema = {
    type: 'object',
    properties: { [section(i)]: { type: 'object', properties, required: ['baseUrl', 'token'] } },
  };
  base.spec.environmentVariables = [{ name: `BENCH_${i}_TOKEN`, required: true, secret: true }];
  return base;
}

function fileBody(revision: number): string {
  const data: Record<string, any> = {};
  for (let i = 0; i < pluginCount; i++) {
    data[section(i)] = {
      baseUrl: `https://plugin-${i}.example.com`,
      timeoutMs: 1000 + ((i + revision) % 500),
      retries: i % 5,
      enabled: true,
      mode: 'safe',
      region: 'eu-west-1',
      batchSize: 50,
      owner: `group:default/team-${i % 20}`,
      tags: ['a', 'b'],
      token: `\${BENCH_${i}_TOKEN}`,
    };
  }
  return stringify(data);
}

const quietLogger: LoggerService = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => quietLogger,
};

const noCache: CacheService = {
  get: async () => undefined,
  set: async () => undefined,
  delete: async () => undefined,
  withOptions: () => noCache,
};

function report(label: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(44)} p50 ${percentile(sorted, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(sorted, 95).toFixed(1).padStart(7)} ms   (${samples.length} runs)`,
  );
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await fn();
  return [performance.now() - started, result];
}

async function measure(name: string, knex: Knex) {
  const database = mockServices.database({ knex });
  const registryStore = await DatabaseRegistryStore.create({ database });
  await registryStore.replaceSource('npm', Array.from({ length: pluginCount }, (_, i) => listing(i)));
  const now = new Date().toISOString();
  const rows = Array.from({ length: pluginCount }, (_, i) => ({
    plugin_id: `bench.plugin-${i}`, version: '1.0.0', status: 'installed', installed_at: now, updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 100) await knex('installations').insert(rows.slice(i, i + 100));
  const registry = DefaultRegistryService.create({
    store: registryStore,
    reader: CachedRegistryReader.create({ store: registryStore, cache: noCache }),
  });

  const dir = await mkdtemp(join(tmpdir(), 'bench-managed-config-'));
  const path = join(dir, 'app-config.marketplace.yaml');
  await writeFile(path, `${managedHeader(0)}{}\n`);
  const config = await ConfigSources.toConfig(ConfigSources.default({ argv: ['--config', path], env: {} }));
  try {
    const validator = ConfigValidator.create();
    const installed = await InstalledSchemaReader.create({ database });
    const store = DefaultManagedConfigStore.create({
      file: ManagedConfigFile.create({ path }),
      revisions: await DatabaseConfigRevisionStore.create({ database, skipMigrations: true }),
      validator,
      installedSchemas: () => installed.list(),
      live: LiveConfigMonitor.create({ config, path, argv: ['--config', path] }),
      logger: quietLogger,
    });
    const generator = DefaultConfigurationGenerator.create({
      getSpec: async id => (await registry.getPlugin(id)).spec,
      store,
      validator,
      config,
    });
    const body = fileBody(0);
    console.log(`${name}: ${pluginCount} installed plugins, managed file ${(body.length / 1024).toFixed(0)} KiB, ${body.split('\n').length} lines`);

    const validations: number[] = [];
    for (let i = 0; i < 20; i++) validations.push((await time(() => store.validate(body)))[0]);
    report('validate the whole file (POST /config/validate)', validations);

    const saves: number[] = [];
    let live = 0;
    for (let revision = 0; revision < saveCount; revision++) {
      const [ms, saved] = await time(() =>
        store.save({ yaml: fileBody(revision), message: `bench ${revision}`, author: 'user:default/bench', baseRevision: revision }),
      );
      saves.push(ms);
      if (saved.appliedLive) live++;
    }
    report('save: validate, write, record, applied live', saves);
    console.log(`  applied live: ${live} of ${saveCount} saves; root config now has timeoutMs ${config.getNumber(`${section(1)}.timeoutMs`)}`);

    const forms: number[] = [];
    for (let i = 0; i < 20; i++) forms.push((await time(() => generator.getForm(`bench.plugin-${i}`)))[0]);
    report('form of one plugin (GET /plugins/:id/configuration)', forms);

    const syncs: number[] = [];
    for (let i = 0; i < 20; i++) syncs.push((await time(() => store.sync()))[0]);
    report('reconcile file and revisions, nothing changed', syncs);
  } finally {
    config.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main() {
  const sqlite = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  try {
    await measure('SQLite', sqlite);
  } finally {
    await sqlite.destroy();
  }
  if (process.env.SKIP_POSTGRES) return;
  const databaseName = `bench_managed_config_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: { ...postgresConnection, database: 'postgres' } });
  await admin.raw(`CREATE DATABASE ${databaseName}`);
  const pg = knexFactory({ client: 'pg', connection: { ...postgresConnection, database: databaseName }, pool: { min: 1, max: 5 } });
  try {
    await measure('Postgres', pg);
  } finally {
    await pg.destroy();
    await admin.raw(`DROP DATABASE ${databaseName}`);
    await admin.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
