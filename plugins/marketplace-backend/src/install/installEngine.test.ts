import { JsonObject } from '@backstage/types';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { makeListing } from '../__testUtils__/listings';
import { databases } from '../__testUtils__/storage';
import { createEngineFixture } from './__testUtils__/engine';
import { queueJob } from './__testUtils__/jobs';
import { MARKER_FILE } from './targets/DynamicPluginsTarget';

jest.setTimeout(180_000);

const HELLO_SCHEMA = {
  type: 'object',
  properties: { hello: { type: 'object', properties: { greeting: { type: 'string' } } } },
};

const listings = [
  makeListing('acme.hello', {
    source: 'npm',
    packages: [{ name: '@acme/plugin-hello-backend', role: 'backend-plugin', version: '1.0.0' }],
    spec: { configSchema: HELLO_SCHEMA, uninstallation: { dataRemoval: 'none' } },
  }),
  makeListing('acme.counter', {
    source: 'first-party',
    packages: [],
    versions: [{ version: '1.0.0', dependencies: [] }],
    spec: { installation: { method: 'sandbox', packages: [] } },
  }),
];

function backendRelease(version: string, dependencies: Record<string, string>) {
  return {
    manifest: { version, main: 'dist/index.cjs.js', backstage: { role: 'backend-plugin' }, dependencies },
    files: { 'dist/index.cjs.js': `module.exports = { version: '${version}' };` },
  };
}

const SHARED = { '@backstage/backend-plugin-api': '^1.0.0', express: '^4.17.0' };

describe.each(databases.eachSupportedId())('Install engine on %s', databaseId => {
  let f: Awaited<ReturnType<typeof createEngineFixture>>;

  beforeEach(async () => {
    f = await createEngineFixture(databaseId, listings);
    f.registry.addPackage('@acme/tiny-dep', [{ manifest: { version: '1.0.0', main: 'index.js' }, files: { 'index.js': 'module.exports = 42;' } }]);
    f.registry.addPackage('@acme/plugin-hello-backend', [
      backendRelease('1.0.0', { ...SHARED, '@acme/tiny-dep': '^1.0.0' }),
      backendRelease('2.0.0', { ...SHARED, '@acme/not-published': '^1.0.0' }),
    ]);
  });

  afterEach(async () => {
    await f.stop();
  });

  async function install(version: string, action: 'install' | 'update' = 'install', config?: object) {
    const job = await queueJob(f.engine.store, {
      pluginId: 'acme.hello',
      action,
      version,
      pkg: { name: '@acme/plugin-hello-backend', role: 'backend-plugin' },
      config: config as JsonObject | undefined,
    });
    await f.runJobs();
    return (await f.engine.store.getJob(job.id))!;
  }

  const pluginDir = () => join(f.dynamicRoot, 'acme-plugin-hello-backend');
  const marker = async () => JSON.parse(await fs.readFile(join(pluginDir(), MARKER_FILE), 'utf8'));

  it('installs a backend plugin into the dynamic plugins root with its own dependencies, and writes its config', async () => {
    const job = await install('1.0.0', 'install', { hello: { greeting: 'hi' } });

    expect(job).toMatchObject({ state: 'done', target: 'backend', result: { status: 'pending-restart' } });
    expect(job.packages[0]).toMatchObject({ status: 'active', digest: expect.stringMatching(/^[0-9a-f]{128}$/) });
    // The plugin's code, its own dependency from the registry (fetched with the token), not the app's.
    expect(await fs.readFile(join(pluginDir(), 'dist/index.cjs.js'), 'utf8')).toContain("'1.0.0'");
    expect(await fs.readFile(join(pluginDir(), 'node_modules/@acme/tiny-dep/index.js'), 'utf8')).toBe('module.exports = 42;');
    expect(existsSync(join(pluginDir(), 'node_modules/@backstage'))).toBe(false);
    expect(JSON.parse(await fs.readFile(join(pluginDir(), 'package.json'), 'utf8')).dependencies).toHaveProperty('express');
    expect(await marker()).toMatchObject({ pluginId: 'acme.hello', version: '1.0.0', jobId: job.id });
    expect(f.registry.requests.filter(r => r.path.includes('tiny-dep')).every(r => r.authorization === 'Bearer install-test-token')).toBe(true);

    expect(await f.readFile()).toContain('greeting: hi');
    expect(await f.engine.store.getInstallation('acme.hello')).toMatchObject({ version: '1.0.0', status: 'pending-restart', target: 'backend' });
    const events = await f.engine.store.listEvents(job.id);
    expect(events.find(e => e.step === 'activating' && e.status === 'succeeded')?.output).toMatch(/Own dependencies: @acme\/tiny-dep@\^1.0.0/);
    expect(events.filter(e => e.package === '@acme/plugin-hello-backend').map(e => e.step)).toEqual(
      expect.arrayContaining(['resolving', 'downloading', 'verifying', 'extracting', 'activating']),
    );
    // Nothing half-done left beside the root or in the store.
    expect(await fs.readdir(join(f.storeDir, 'tmp'))).toEqual([]);
    expect((await fs.readdir(join(f.dynamicRoot, '..', '.dynamic-plugins-root-staging'))).filter(n => !n.startsWith('removed-'))).toEqual(['.gitignore']);
  });

  it('rolls a failed update back: the old version stays in the root, its config and desired state are put back', async () => {
    const first = await install('1.0.0', 'install', { hello: { greeting: 'hi' } });
    const job = await install('2.0.0', 'update', { hello: { greeting: 'hello v2' } });

    expect(job).toMatchObject({
      state: 'failed',
      rolledBack: true,
      error: { step: 'activating', package: '@acme/plugin-hello-backend', message: expect.stringContaining('npm install failed') },
    });
    expect(await marker()).toMatchObject({ version: '1.0.0', jobId: first.id });
    expect(await f.readFile()).toContain('greeting: hi');
    expect(await f.readFile()).not.toContain('hello v2');
    expect(await f.engine.store.getInstallation('acme.hello')).toMatchObject({ version: '1.0.0', status: 'pending-restart' });
    const rollback = (await f.engine.store.listEvents(job.id)).filter(e => e.step === 'rollback');
    expect(rollback.map(e => e.status)).toEqual(rollback.map(() => 'succeeded'));
    expect(rollback.some(e => /Put the configuration of acme.hello back/.test(e.message))).toBe(true);
  });

  it('uninstalls: the package leaves the root, its config goes, the installation is removed', async () => {
    await install('1.0.0', 'install', { hello: { greeting: 'hi' } });
    const { jobs } = await f.engine.store.createJobs({
      batchId: 'u',
      requestedBy: 'user:default/ada',
      jobs: [{ pluginId: 'acme.hello', action: 'uninstall', packages: [], dependsOnPlugins: [] }],
    });
    await f.runJobs();

    expect(await f.engine.store.getJob(jobs[0].id)).toMatchObject({ state: 'done', result: { status: 'removed' } });
    expect(existsSync(pluginDir())).toBe(false);
    expect(await f.readFile()).not.toContain('greeting');
    expect(await f.engine.store.getInstallation('acme.hello')).toBeUndefined();
  });

  it('starts a sandboxed plugin at once and stops it on uninstall, keeping its data unless its data goes with it', async () => {
    f.definitions.set('acme.counter', listings[1].spec);
    const { jobs } = await f.engine.store.createJobs({
      batchId: 's',
      requestedBy: 'user:default/ada',
      jobs: [{ pluginId: 'acme.counter', action: 'install', version: '1.0.0', packages: [], dependsOnPlugins: [] }],
    });
    await f.runJobs();
    expect(await f.engine.store.getJob(jobs[0].id)).toMatchObject({ state: 'done', target: 'sandbox', result: { status: 'installed' } });
    expect(f.sandbox.running.has('acme.counter')).toBe(true);

    await f.engine.store.createJobs({
      batchId: 's2',
      requestedBy: 'user:default/ada',
      jobs: [{ pluginId: 'acme.counter', action: 'uninstall', packages: [], dependsOnPlugins: [] }],
    });
    await f.runJobs();
    expect(f.sandbox.running.has('acme.counter')).toBe(false);
    expect(f.sandbox.dataDeleted).toEqual([]);
  });

  it('deletes a sandboxed plugin\'s stored data on uninstall when its data goes with it', async () => {
    f.definitions.set('acme.counter', { ...listings[1].spec, uninstallation: { dataRemoval: 'plugin-database' } });
    await f.engine.store.createJobs({
      batchId: 'd',
      requestedBy: 'user:default/ada',
      jobs: [{ pluginId: 'acme.counter', action: 'install', version: '1.0.0', packages: [], dependsOnPlugins: [] }],
    });
    await f.runJobs();
    const { jobs } = await f.engine.store.createJobs({
      batchId: 'd2',
      requestedBy: 'user:default/ada',
      jobs: [{ pluginId: 'acme.counter', action: 'uninstall', packages: [], dependsOnPlugins: [] }],
    });
    await f.runJobs();
    expect(await f.engine.store.getJob(jobs[0].id)).toMatchObject({ state: 'done' });
    expect(f.sandbox.running.has('acme.counter')).toBe(false);
    expect(f.sandbox.dataDeleted).toEqual(['acme.counter']);
  });

  it('puts back on this replica what the desired state says is installed, and removes what was uninstalled', async () => {
    await install('1.0.0');
    const digest = (await marker()).digest;
    // Another replica's disk: nothing in the root, nothing in the store, and a package uninstalled elsewhere.
    await fs.rm(pluginDir(), { recursive: true });
    await fs.rm(join(f.storeDir, 'sha512', digest), { recursive: true });
    await fs.rm(join(f.storeDir, 'tarballs', 'sha512', `${digest}.tgz`));
    const { jobs } = await f.engine.store.createJobs({
      batchId: 'gone',
      requestedBy: 'user:default/ada',
      jobs: [{ pluginId: 'acme.gone', action: 'install', version: '1.0.0', packages: [], dependsOnPlugins: [] }],
    });
    await f.engine.store.finish(jobs[0].id, { state: 'failed', error: { step: 'queued', message: 'x' } });
    const stray = join(f.dynamicRoot, 'acme-gone-backend');
    await fs.mkdir(stray);
    await fs.writeFile(join(stray, MARKER_FILE), JSON.stringify({ pluginId: 'acme.gone', name: '@acme/gone-backend', version: '1.0.0', digest, jobId: 'x' }));

    await f.engine.reconciler.tick();

    expect(await marker()).toMatchObject({ version: '1.0.0', digest });
    expect(existsSync(join(pluginDir(), 'node_modules/@acme/tiny-dep/index.js'))).toBe(true);
    expect(existsSync(stray)).toBe(false);
  });

  it('records as installed a package in the root that a new, empty database knows nothing of', async () => {
    const kept = join(f.dynamicRoot, 'acme-kept-backend');
    await fs.mkdir(kept);
    const digest = 'a'.repeat(128);
    await fs.writeFile(join(kept, MARKER_FILE), JSON.stringify({ pluginId: 'acme.kept', pluginVersion: '3.0.0', name: '@acme/kept-backend', version: '3.0.1', role: 'backend-plugin', digest, jobId: 'old' }));

    await f.engine.reconciler.tick();

    expect(existsSync(kept)).toBe(true);
    expect(await f.engine.store.getInstallation('acme.kept')).toMatchObject({
      version: '3.0.0',
      status: 'installed',
      target: 'backend',
      packages: [expect.objectContaining({ name: '@acme/kept-backend', version: '3.0.1', digest })],
    });
  });
});
