import { mockServices } from '@backstage/backend-test-utils';
import { DynamicBackendPlugin, DynamicPluginsLoader } from '@internal/backstage-plugin-marketplace-node';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { makeListing } from '../__testUtils__/listings';
import { databases } from '../__testUtils__/storage';
import { DatabaseRegistryStore } from '../registry/DatabaseRegistryStore';
import { createEngineFixture } from './__testUtils__/engine';
import { queueJob } from './__testUtils__/jobs';

jest.setTimeout(180_000);

const PACKAGE = '@acme/plugin-hello-backend';

const listings = [
  makeListing('acme.hello', {
    source: 'npm',
    packages: [{ name: PACKAGE, role: 'backend-plugin', version: '1.0.0' }],
    spec: { uninstallation: { dataRemoval: 'none' } },
  }),
];

function release(version: string) {
  return {
    manifest: { version, main: 'dist/index.cjs.js', backstage: { role: 'backend-plugin' }, dependencies: {} },
    files: { 'dist/index.cjs.js': `module.exports = { version: '${version}' };` },
  };
}

/** The dynamic plugins service as the loader leaves it: failed plugins only when asked for. */
function fakeLoader(plugins: DynamicBackendPlugin[]): DynamicPluginsLoader {
  return { backendPlugins: options => plugins.filter(p => options?.includeFailed || !p.failure) };
}

describe.each(databases.eachSupportedId())('Backend plugins waiting for a restart, when the backend starts on %s', databaseId => {
  let f: Awaited<ReturnType<typeof createEngineFixture>>;

  beforeEach(async () => {
    f = await createEngineFixture(databaseId, listings);
    f.registry.addPackage(PACKAGE, [release('1.0.0'), release('1.0.1')]);
  });

  afterEach(async () => {
    await f.stop();
  });

  async function install(version: string, action: 'install' | 'update' = 'install') {
    await queueJob(f.engine.store, { pluginId: 'acme.hello', action, version, pkg: { name: PACKAGE, role: 'backend-plugin' } });
    await f.runJobs();
    expect(await f.engine.store.getInstallation('acme.hello')).toMatchObject({ version, status: 'pending-restart' });
  }

  /** What `GET /installed` answers for the plugin. */
  async function listed() {
    const store = await DatabaseRegistryStore.create({ database: mockServices.database({ knex: f.knex }) });
    return (await store.listInstalled()).find(p => p.pluginId === 'acme.hello');
  }

  it('are installed once the loader loaded each of their packages', async () => {
    await install('1.0.0');

    const engine = await f.restart({ dynamicPlugins: fakeLoader([{ name: PACKAGE, version: '1.0.0' }]) });

    const installation = await engine.store.getInstallation('acme.hello');
    expect(installation).toMatchObject({ status: 'installed' });
    expect(installation?.statusMessage).toBeUndefined();
    expect(await listed()).toMatchObject({ status: 'installed', statusMessage: undefined });
  });

  it("have failed, with the loader's error, when the loader could not load one of their packages", async () => {
    await install('1.0.0');

    const engine = await f.restart({
      dynamicPlugins: fakeLoader([{ name: PACKAGE, version: '1.0.0', failure: "Error: Cannot find module 'left-pad'" }]),
    });

    const message = `${PACKAGE} 1.0.0 did not load: Error: Cannot find module 'left-pad'`;
    expect(await engine.store.getInstallation('acme.hello')).toMatchObject({ status: 'failed', statusMessage: message });
    expect(await listed()).toMatchObject({ status: 'failed', statusMessage: message });
    // Its files stay for the next start (and for an uninstall to remove).
    expect(await fs.readdir(f.dynamicRoot)).toContain('acme-plugin-hello-backend');
  });

  it('have failed when their package is in the root but the loader skipped it', async () => {
    await install('1.0.0');

    const engine = await f.restart({ dynamicPlugins: fakeLoader([]) });

    expect(await engine.store.getInstallation('acme.hello')).toMatchObject({
      status: 'failed',
      statusMessage: `${PACKAGE} 1.0.0 is in the dynamic plugins root but the loader did not load it (see the backend log)`,
    });
  });

  it('wait for another restart when their package was not in the root, or not in this version, as the backend started', async () => {
    await install('1.0.0');
    await fs.rm(join(f.dynamicRoot, 'acme-plugin-hello-backend'), { recursive: true });

    const missing = await f.restart({ dynamicPlugins: fakeLoader([]) });
    expect(await missing.store.getInstallation('acme.hello')).toMatchObject({ status: 'pending-restart' });

    await missing.reconciler.tick();
    await missing.reconciler.idle();
    expect(await fs.readdir(f.dynamicRoot)).toContain('acme-plugin-hello-backend');
    const older = await f.restart({ dynamicPlugins: fakeLoader([{ name: PACKAGE, version: '0.9.0' }]) });
    expect(await older.store.getInstallation('acme.hello')).toMatchObject({ status: 'pending-restart' });
  });

  it('without the loader, are installed when their package is in the root and wait when it is not', async () => {
    await install('1.0.0');
    const dir = join(f.dynamicRoot, 'acme-plugin-hello-backend');
    const away = join(f.appRoot, 'away');
    await fs.rename(dir, away);

    await f.restart();
    expect(await f.engine.store.getInstallation('acme.hello')).toMatchObject({ status: 'pending-restart' });

    await fs.rename(away, dir);
    await f.restart();
    expect(await f.engine.store.getInstallation('acme.hello')).toMatchObject({ status: 'installed' });
  });

  it('lose the message of a failed load with the next change', async () => {
    await install('1.0.0');
    await f.restart({ dynamicPlugins: fakeLoader([{ name: PACKAGE, version: '1.0.0', failure: 'Error: boom' }]) });
    expect(await f.engine.store.getInstallation('acme.hello')).toMatchObject({ status: 'failed' });

    await install('1.0.1', 'update');

    expect((await f.engine.store.getInstallation('acme.hello'))?.statusMessage).toBeUndefined();
    expect(await listed()).toMatchObject({ version: '1.0.1', status: 'pending-restart', statusMessage: undefined });
  });
});
