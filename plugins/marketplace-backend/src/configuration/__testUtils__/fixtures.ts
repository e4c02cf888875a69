import { CacheService, RootConfigService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { PluginSpecification } from '@internal/backstage-plugin-marketplace-common';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeListing } from '../../__testUtils__/listings';
import { databases } from '../../__testUtils__/storage';
import { CachedRegistryReader } from '../../registry/CachedRegistryReader';
import { DatabaseRegistryStore } from '../../registry/DatabaseRegistryStore';
import { DefaultRegistryService } from '../../registry/RegistryService';
import { StoredListing } from '../../registry/RegistryStore';
import { ConfigValidator } from '../ConfigValidator';
import { DefaultConfigurationGenerator } from '../ConfigurationGenerator';
import { MANAGED_CONFIG_FILE } from '../createConfiguration';
import { InstalledSchemaReader } from '../InstalledSchemaReader';
import { DatabaseConfigRevisionStore } from '../DatabaseConfigRevisionStore';
import { LiveConfigMonitor } from '../liveApply';
import { AtomicWriteFs, ManagedConfigFile } from '../ManagedConfigFile';
import { DefaultManagedConfigStore } from '../ManagedConfigStore';

const FIRST_PARTY = resolve(__dirname, '../../../data/first-party-plugins.json');

/** A first-party listing as the registry stores it, with its real config schema. */
export async function firstPartyListing(id: string): Promise<StoredListing> {
  const listings = JSON.parse(await readFile(FIRST_PARTY, 'utf8')) as Array<{ spec: PluginSpecification }>;
  const { spec } = listings.find(l => l.spec.id === id)!;
  return makeListing(id, {
    source: 'first-party',
    spec: {
      name: spec.name,
      configSchema: spec.configSchema,
      defaultConfig: spec.defaultConfig,
      environmentVariables: spec.environmentVariables,
    },
  });
}

/** A listing with a config schema of its own. */
export function schemaListing(id: string, spec: Partial<PluginSpecification>): StoredListing {
  return makeListing(id, { source: 'first-party', spec });
}

// Reads always go to the database: what the tests change must show at once.
const noCache: CacheService = {
  get: async () => undefined,
  set: async () => undefined,
  delete: async () => undefined,
  withOptions: () => noCache,
};

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(dir => rm(dir, { recursive: true, force: true })));
});

/**
 * A managed config store and generator over a fresh database, a registry with
 * the given listings, and a managed file in a temporary directory.
 */
export async function createConfigFixture(
  databaseId: string,
  options: {
    listings?: StoredListing[];
    installed?: string[];
    fs?: AtomicWriteFs;
    /** The backend's argv, to tell whether it loads the file; `{path}` stands for the file. */
    argv?: string[];
    /** The root config, or a function making it once the file exists. */
    config?: RootConfigService | ((path: string) => Promise<RootConfigService>);
    env?: NodeJS.ProcessEnv;
    /** The file's content before the store starts. */
    file?: string;
  } = {},
) {
  const knex = await databases.init(databaseId as 'SQLITE_3');
  const database = mockServices.database({ knex });
  const registryStore = await DatabaseRegistryStore.create({ database });
  await registryStore.replaceSource('first-party', options.listings ?? []);
  const registry = DefaultRegistryService.create({
    store: registryStore,
    reader: CachedRegistryReader.create({ store: registryStore, cache: noCache }),
  });

  const dir = await mkdtemp(join(tmpdir(), 'managed-config-'));
  dirs.push(dir);
  const path = join(dir, MANAGED_CONFIG_FILE);
  if (options.file !== undefined) await writeFile(path, options.file);

  const config =
    typeof options.config === 'function'
      ? await options.config(path)
      : options.config ?? mockServices.rootConfig({ data: {} });
  const logger = mockServices.logger.mock();
  const validator = ConfigValidator.create();
  const revisions = await DatabaseConfigRevisionStore.create({ database, skipMigrations: true });
  const live = LiveConfigMonitor.create({
    config,
    path,
    argv: (options.argv ?? []).map(a => a.replace('{path}', path)),
    timeoutMs: 10_000,
  });
  const installed = await InstalledSchemaReader.create({ database });
  /** A store over the same database and file, as another replica (or process) would have. */
  const makeStore = () =>
    DefaultManagedConfigStore.create({
      file: ManagedConfigFile.create({ path, fs: options.fs }),
      revisions,
      validator,
      installedSchemas: () => installed.list(),
      live,
      logger,
      cwd: dir,
    });
  const store = makeStore();
  const generator = DefaultConfigurationGenerator.create({
    getSpec: async pluginId => (await registry.getPlugin(pluginId)).spec,
    store,
    validator,
    config,
    backstageVersion: '1.55.0',
    env: options.env ?? {},
  });

  async function install(pluginId: string) {
    const now = new Date().toISOString();
    await knex('installations').insert({
      plugin_id: pluginId,
      version: '1.0.0',
      status: 'installed',
      installed_at: now,
      updated_at: now,
    });
  }
  for (const id of options.installed ?? []) await install(id);

  return {
    knex,
    dir,
    path,
    config,
    store,
    makeStore,
    generator,
    revisions,
    logger,
    install,
    readFile: () => readFile(path, 'utf8'),
    writeFile: (content: string) => writeFile(path, content),
    /** Files in the directory, to see that no temporary file is left behind. */
    listDir: () => readdir(dir),
  };
}
