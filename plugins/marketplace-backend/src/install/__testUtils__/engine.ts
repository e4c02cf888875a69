import { mockServices } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { PluginSpecification } from '@internal/backstage-plugin-marketplace-common';
import { DynamicPluginsLoader } from '@internal/backstage-plugin-marketplace-node';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfigFixture } from '../../configuration/__testUtils__/fixtures';
import { StoredListing } from '../../registry/RegistryStore';
import { FakeRegistry } from '../../sources/npm/__testUtils__/FakeRegistry';
import { createInstallEngine } from '../createInstallEngine';
import { fakeSandbox } from './sandbox';

export const TOKEN = 'install-test-token';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(dir => rm(dir, { recursive: true, force: true })));
});

/**
 * The whole install engine over a fresh database, a fake npm registry (with
 * a token), a file store and a dynamic plugins root in a temporary directory,
 * and an app root that provides the Backstage framework packages.
 */
export async function createEngineFixture(databaseId: string, listings: StoredListing[], extraConfig: JsonObject = {}) {
  const registry = await FakeRegistry.start({ token: TOKEN });
  const root = await mkdtemp(join(tmpdir(), 'install-engine-'));
  dirs.push(root);
  const appRoot = join(root, 'app');
  // What the app provides to dynamic plugins: its root node_modules.
  for (const [name, version] of [['@backstage/backend-plugin-api', '1.10.1'], ['express', '4.21.2']]) {
    await mkdir(join(appRoot, 'node_modules', name), { recursive: true });
    await writeFile(join(appRoot, 'node_modules', name, 'package.json'), JSON.stringify({ name, version }));
  }
  await mkdir(join(appRoot, 'dynamic-plugins-root'), { recursive: true });
  const config = mockServices.rootConfig({
    data: {
      dynamicPlugins: { rootDirectory: 'dynamic-plugins-root' },
      marketplace: {
        sources: { npm: { registry: registry.url, token: TOKEN } },
        install: { storeDir: join(root, 'store'), leaseSeconds: 5, ...extraConfig },
      },
    },
  });
  const fixture = await createConfigFixture(databaseId, { listings, config });
  const sandbox = fakeSandbox();
  const definitions = new Map<string, PluginSpecification>();
  const getSpec = async (pluginId: string) => {
    const row = await fixture.knex('plugins').where({ id: pluginId }).first('spec');
    if (!row) throw new Error(`no plugin ${pluginId}`);
    return JSON.parse(row.spec) as PluginSpecification;
  };
  const startEngine = (dynamicPlugins?: DynamicPluginsLoader, backstageRoot = appRoot) => createInstallEngine({
    config,
    database: mockServices.database({ knex: fixture.knex }),
    logger: mockServices.logger.mock(),
    scheduler: mockServices.scheduler.mock(),
    lifecycle: mockServices.lifecycle.mock(),
    getSpec,
    configuration: { store: fixture.store, generator: fixture.generator },
    sandbox,
    sandboxDefinitions: {
      get: async id => {
        const spec = definitions.get(id);
        return spec ? { spec, code: 'module.exports = {}' } : undefined;
      },
    },
    backstageRoot,
    dynamicPlugins,
  });
  const engine = await startEngine();
  return {
    ...fixture,
    registry,
    engine,
    sandbox,
    definitions,
    appRoot,
    dynamicRoot: join(appRoot, 'dynamic-plugins-root'),
    storeDir: join(root, 'store'),
    /** Runs queued jobs on this replica until none is left. */
    async runJobs() {
      for (let i = 0; i < 100; i++) {
        await engine.reconciler.tick();
        await engine.reconciler.idle();
        const pending = [...(await engine.store.listQueued(1)), ...(await engine.store.listInProgress())];
        if (pending.length === 0) return;
      }
      throw new Error('jobs did not settle');
    },
    /**
     * The engine of a backend started again over the same database and
     * directories, with what its dynamic plugins loader loaded (none: an app without the loader).
     */
    restart(options: { dynamicPlugins?: DynamicPluginsLoader } = {}) {
      return startEngine(options.dynamicPlugins);
    },
    /** Another replica over the same database, on a disk of its own: the monorepo at `otherRoot`. */
    async replica(otherRoot: string) {
      await mkdir(join(otherRoot, 'dynamic-plugins-root'), { recursive: true });
      return startEngine(undefined, otherRoot);
    },
    async stop() {
      await registry.stop();
    },
  };
}
