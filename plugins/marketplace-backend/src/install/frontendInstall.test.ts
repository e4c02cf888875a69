import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeListing } from '../__testUtils__/listings';
import { databases } from '../__testUtils__/storage';
import { createEngineFixture } from './__testUtils__/engine';
import { writeApp, writeFakeYarn } from './__testUtils__/fakeYarn';
import { queueJob } from './__testUtils__/jobs';

jest.setTimeout(180_000);

const PACKAGE = '@acme/plugin-graph';
const GRAPH = { name: PACKAGE, role: 'frontend-plugin' as const };
const listings = [
  makeListing('acme.graph', {
    source: 'npm',
    packages: [{ name: PACKAGE, role: 'frontend-plugin', version: '1.0.0' }],
  }),
];
const APP_DEPENDENCIES = { '@backstage/core-components': '0.18.14', react: '^18.0.2' };

type Engine = Awaited<ReturnType<Awaited<ReturnType<typeof createEngineFixture>>['restart']>>;

/** Runs the engine's reconciler until the job has finished. */
async function settle(engine: Engine, jobId: string) {
  for (let i = 0; i < 50 && !['done', 'failed', 'cancelled'].includes((await engine.store.getJob(jobId))!.state); i++) {
    await engine.reconciler.tick();
    await engine.reconciler.idle();
  }
}

describe.each(databases.eachSupportedId())('Frontend plugins through the install engine on %s', databaseId => {
  let f: Awaited<ReturnType<typeof createEngineFixture>>;
  let yarnDir: string;

  beforeAll(async () => {
    yarnDir = await fs.mkdtemp(join(tmpdir(), 'fake-yarn-'));
    f = await createEngineFixture(databaseId, listings, { frontend: { yarnCommand: await writeFakeYarn(yarnDir) } });
    await writeApp(f.appRoot, APP_DEPENDENCIES);
    f.registry.addPackage(
      PACKAGE,
      ['1.0.0', '1.1.0'].map(version => ({
        manifest: { version, main: 'dist/index.esm.js', backstage: { role: 'frontend-plugin' } },
        files: { 'dist/index.esm.js': `export default { version: '${version}' };` },
      })),
    );
  });
  afterAll(async () => {
    await f.stop();
    await fs.rm(yarnDir, { recursive: true, force: true });
  });

  const appManifest = () => fs.readFile(join(f.appRoot, 'packages/app/package.json'), 'utf8');

  it('builds the plugins installed on another replica into this replica\'s app, and takes out what was removed there', async () => {
    const otherRoot = await fs.mkdtemp(join(tmpdir(), 'replica-b-'));
    try {
      await writeApp(otherRoot, APP_DEPENDENCIES);
      const original = await fs.readFile(join(otherRoot, 'packages/app/package.json'), 'utf8');
      const other = await f.replica(otherRoot);
      const tick = async () => {
        await other.reconciler.tick();
        await other.reconciler.idle();
      };

      const job = await queueJob(f.engine.store, { pluginId: 'acme.graph', action: 'install', pkg: GRAPH });
      await f.runJobs();
      expect((await f.engine.store.getJob(job.id))?.state).toBe('done');
      await tick();
      expect(JSON.parse(await fs.readFile(join(otherRoot, 'packages/app/package.json'), 'utf8')).dependencies[PACKAGE]).toBe('1.0.0');
      expect((await other.frontend.readBuild())?.managed?.[PACKAGE]).toMatchObject({ pluginId: 'acme.graph', version: '1.0.0' });
      // Nothing changed since: the next tick builds nothing.
      const builds = (await other.frontend.readBuild())?.builtAt;
      await tick();
      expect((await other.frontend.readBuild())?.builtAt).toBe(builds);

      await queueJob(f.engine.store, { pluginId: 'acme.graph', action: 'uninstall', pkg: GRAPH });
      await f.runJobs();
      await tick();
      expect(await fs.readFile(join(otherRoot, 'packages/app/package.json'), 'utf8')).toBe(original);
      expect((await other.frontend.readBuild())?.managed).toEqual({});
      expect((await fs.readdir(other.frontend.stagingDir)).filter(n => !n.startsWith('.'))).toEqual([]);
    } finally {
      await fs.rm(otherRoot, { recursive: true, force: true });
    }
  });

  it('adds the package to the app and builds it, waits for the restart, is adopted by a backend whose database was lost, updates and is removed', async () => {
    const original = await appManifest();
    const job = await queueJob(f.engine.store, { pluginId: 'acme.graph', action: 'install', pkg: GRAPH });
    await f.runJobs();

    const done = await f.engine.store.getJob(job.id);
    expect(done).toMatchObject({ state: 'done', target: 'frontend', result: { status: 'pending-restart' } });
    expect(done!.packages).toEqual([expect.objectContaining({ name: PACKAGE, status: 'active' })]);
    expect(JSON.parse(await appManifest()).dependencies).toEqual({ ...APP_DEPENDENCIES, [PACKAGE]: '1.0.0' });
    const build = await f.engine.frontend.readBuild();
    expect(build?.managed).toEqual({
      [PACKAGE]: expect.objectContaining({ pluginId: 'acme.graph', pluginVersion: '1.0.0', version: '1.0.0', jobId: job.id, digest: expect.any(String) }),
    });
    // No copy of package.json is left once the job is done.
    expect(await fs.readdir(f.engine.frontend.stagingDir).then(n => n.filter(x => !x.startsWith('.')))).toEqual([]);

    // The next start serves the new bundle: installed.
    const restarted = await f.restart();
    expect((await restarted.store.getInstallation('acme.graph'))?.status).toBe('installed');

    // A backend that lost its database (SQLite in memory) finds it in the app's build manifest.
    await f.knex('install_jobs').delete();
    await f.knex('installations').delete();
    const fresh = await f.restart();
    await fresh.reconciler.tick();
    await fresh.reconciler.idle();
    expect(await fresh.store.getInstallation('acme.graph')).toMatchObject({
      status: 'installed',
      target: 'frontend',
      version: '1.0.0',
      packages: [expect.objectContaining({ name: PACKAGE, version: '1.0.0', role: 'frontend-plugin' })],
    });

    // An update moves the app to the new version.
    const update = await queueJob(fresh.store, { pluginId: 'acme.graph', action: 'update', version: '1.1.0', pkg: GRAPH });
    await settle(fresh, update.id);
    expect(await fresh.store.getJob(update.id)).toMatchObject({ state: 'done', result: { status: 'pending-restart' } });
    expect(JSON.parse(await appManifest()).dependencies[PACKAGE]).toBe('1.1.0');
    expect((await fresh.frontend.readBuild())?.managed?.[PACKAGE]).toMatchObject({ version: '1.1.0', jobId: update.id });

    // Removing it takes the package out of the app again, byte for byte as before.
    const removal = await queueJob(fresh.store, { pluginId: 'acme.graph', action: 'uninstall', pkg: GRAPH });
    await settle(fresh, removal.id);
    expect(await fresh.store.getJob(removal.id)).toMatchObject({ state: 'done', result: { status: 'removed' } });
    expect(await appManifest()).toBe(original);
    expect((await fresh.frontend.readBuild())?.managed).toEqual({});
  });
});
