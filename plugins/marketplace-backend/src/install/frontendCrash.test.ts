import { mockServices } from '@backstage/backend-test-utils';
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Knex } from 'knex';
import { makeListing } from '../__testUtils__/listings';
import { DatabaseRegistryStore } from '../registry/DatabaseRegistryStore';
import { FakeRegistry } from '../sources/npm/__testUtils__/FakeRegistry';
import { CrashChildSettings } from './__testUtils__/crashChild';
import { crashDatabaseKinds, openCrashDatabase, runCrashChild, waitFor } from './__testUtils__/crashRun';
import { lockedDependencies, readYarnCalls, writeHoldingYarn } from './__testUtils__/holdingYarn';
import { DatabaseInstallJobStore } from './DatabaseInstallJobStore';
import { BUILD_MANIFEST, FrontendBuildManifest } from './targets/FrontendAppTarget';

/*
 * The frontend half of crash.test.ts: a backend process (crashChild.ts) installing a frontend plugin
 * into an app is killed with SIGKILL while yarn installs or builds (a stand-in for yarn, held
 * there until the kill: see holdingYarn.ts), and the next start has to finish the job once and
 * leave package.json, yarn.lock and the bundle in dist/ agreeing with each other.
 */

jest.setTimeout(600_000);

const TOKEN = 'frontend-crash-token';
const APP_MANIFEST = {
  name: 'app',
  version: '0.0.0',
  private: true,
  bundled: true,
  backstage: { role: 'frontend' },
  scripts: { start: 'backstage-cli package start', build: 'backstage-cli package build' },
  dependencies: { '@backstage/cli': '^0.34.0', '@backstage/frontend-defaults': '^0.3.0', react: '^18.0.2', 'react-dom': '^18.0.2' },
  browserslist: { production: ['>0.2%', 'not dead'] },
};
/** The app's package.json as yarn and the Backstage templates write it: two spaces, a final newline. */
const ORIGINAL_MANIFEST = `${JSON.stringify(APP_MANIFEST, null, 2)}\n`;

function pluginOf(name: string) {
  return { id: `acme.fe-${name}`, pkg: `@acme/plugin-fe-${name}` };
}
type Plugin = ReturnType<typeof pluginOf>;
const SCENARIOS = ['install-kill', 'build-kill', 'uninstall-kill', 'broken', 'broken-rollback-kill', 'broken-twice'];
const [KILLED_IN_INSTALL, KILLED_IN_BUILD, UNINSTALLED, BROKEN, BROKEN_KILLED, BROKEN_TWICE] = SCENARIOS.map(pluginOf);
/** Each scenario's app already holds a plugin the marketplace installed: what the scenario does must not disturb it. */
const EARLIER = new Map(SCENARIOS.map((name, i) => [pluginOf(name).id, pluginOf(`earlier-${i}`)]));
const PLUGINS = [...SCENARIOS.map(pluginOf), ...EARLIER.values()];

describe.each(crashDatabaseKinds())('A frontend install killed with SIGKILL, on %s', kind => {
  let root: string;
  let db: Awaited<ReturnType<typeof openCrashDatabase>>;
  let knex: Knex;
  let registry: FakeRegistry;
  let yarn: string;
  let store: DatabaseInstallJobStore;

  beforeAll(async () => {
    root = await fs.mkdtemp(join(tmpdir(), 'frontend-crash-'));
    db = await openCrashDatabase(kind, root);
    knex = db.knex;
    const registryStore = await DatabaseRegistryStore.create({ database: mockServices.database({ knex }) });
    await registryStore.replaceSource(
      'npm',
      PLUGINS.map(p =>
        makeListing(p.id, {
          source: 'npm',
          packages: [{ name: p.pkg, role: 'frontend-plugin', version: '1.0.0' }],
          versions: [{ version: '1.0.0', dependencies: [] }],
        }),
      ),
    );
    store = await DatabaseInstallJobStore.create({ database: mockServices.database({ knex }), skipMigrations: true });
    registry = await FakeRegistry.start({ token: TOKEN });
    for (const p of PLUGINS) {
      registry.addPackage(p.pkg, [
        {
          manifest: { version: '1.0.0', main: 'dist/index.esm.js', backstage: { role: 'frontend-plugin' } },
          files: { 'dist/index.esm.js': 'export default {};' },
        },
      ]);
    }
    yarn = await writeHoldingYarn(root);
  });

  afterAll(async () => {
    await registry?.stop();
    await db?.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  /**
   * A monorepo of its own for a scenario: the app's package.json, a yarn.lock yarn wrote for it, the
   * child's settings, and one plugin installed by the marketplace already (through a start of the child).
   */
  async function monorepo(plugin: Plugin, install: Record<string, unknown> = {}) {
    // Each scenario is an app of its own: one database shared by all would make each app a replica of
    // the others, and the replicas' sync would build the earlier scenarios' plugins into it.
    await knex('install_job_events').delete();
    await knex('install_jobs').delete();
    await knex('installations').delete();
    const dir = join(root, plugin.id);
    await fs.mkdir(join(dir, 'packages/app/src'), { recursive: true });
    await fs.writeFile(join(dir, 'packages/app/src/index.tsx'), "import '@backstage/cli/asset-types';\n");
    await fs.writeFile(join(dir, 'packages/app/package.json'), ORIGINAL_MANIFEST);
    await fs.writeFile(join(dir, 'yarn.lock'), '');
    execFileSync(yarn, ['install'], { cwd: dir });
    const settings: CrashChildSettings = {
      database: db.database,
      appRoot: dir,
      managedConfigPath: join(root, 'app-config.marketplace.yaml'),
      config: {
        marketplace: {
          sources: { npm: { registry: registry.url, token: TOKEN } },
          install: { storeDir: join(root, 'store'), leaseSeconds: 60, frontend: { yarnCommand: yarn }, ...install },
        },
      },
    };
    const settingsFile = join(dir, 'settings.json');
    await fs.writeFile(settingsFile, JSON.stringify(settings));
    const app = join(dir, 'packages/app');
    const manifest = () => fs.readFile(join(app, 'package.json'), 'utf8');
    const lock = () => fs.readFile(join(dir, 'yarn.lock'), 'utf8');
    const build = async (): Promise<FrontendBuildManifest | undefined> =>
      JSON.parse(await fs.readFile(join(app, 'dist', BUILD_MANIFEST), 'utf8').catch(() => 'null')) ?? undefined;

    const earlier = EARLIER.get(plugin.id)!;
    await createJob(earlier, 'install');
    await start(settingsFile);
    expect(await manifest()).toBe(manifestWith({ [earlier.pkg]: '1.0.0' }));
    await fs.rm(join(dir, 'yarn-calls.log'));

    return {
      dir,
      settingsFile,
      earlier,
      /** package.json and yarn.lock before the scenario's job. */
      manifestBefore: await manifest(),
      lockBefore: await lock(),
      manifest,
      lock,
      build,
      /** Whose packages the build manifest says the app holds (package → plugin). */
      owners: async () => Object.fromEntries(Object.entries((await build())?.managed ?? {}).map(([name, owner]) => [name, owner.pluginId])),
      bundle: () => fs.readFile(join(app, 'dist/static/main.js'), 'utf8'),
      hasIndex: () => existsSync(join(app, 'dist/index.html')),
      backups: async () => (await fs.readdir(join(dir, '.marketplace-frontend-staging')).catch(() => [] as string[])).filter(n => !n.startsWith('.')),
      yarnCalls: async () => (await readYarnCalls(dir)).map(c => `${c.args}: ${c.at}`),
    };
  }
  type Monorepo = Awaited<ReturnType<typeof monorepo>>;

  async function createJob(plugin: Plugin, action: 'install' | 'uninstall'): Promise<string> {
    const { jobs } = await store.createJobs({
      batchId: `${action}-${plugin.id}`,
      requestedBy: 'user:default/ada',
      jobs: [
        {
          pluginId: plugin.id,
          action,
          target: 'frontend',
          dependsOnPlugins: [],
          ...(action === 'install'
            ? { version: '1.0.0', packages: [{ name: plugin.pkg, version: '1.0.0', role: 'frontend-plugin' as const, status: 'pending' as const }] }
            : { packages: [] }),
        },
      ],
    });
    return jobs[0].id;
  }

  /** A start of the backend that runs every job to its end. */
  async function start(settingsFile: string) {
    const run = await runCrashChild(settingsFile, {});
    // The output says why when the child ended some other way.
    expect({ code: run.code, output: run.code === 0 ? '' : run.output.slice(-3000) }).toEqual({ code: 0, output: '' });
  }

  /** A start killed, with its yarn, once yarn is held in `phase`. */
  async function startKilledIn(app: Monorepo, phase: 'install' | 'build') {
    const heldBefore = (await readYarnCalls(app.dir)).filter(c => c.at === 'held').length;
    let ended = false;
    const run = await runCrashChild(app.settingsFile, { FAKE_YARN_HOLD: phase }, (line, kill) => {
      if (line !== 'READY') return;
      waitFor(async () => ended || (await readYarnCalls(app.dir)).filter(c => c.at === 'held').length > heldBefore).then(() => ended || kill());
    });
    ended = true;
    expect({ signal: run.signal, output: run.signal === 'SIGKILL' ? '' : run.output.slice(-3000) }).toEqual({ signal: 'SIGKILL', output: '' });
  }

  function manifestWith(dependencies: Record<string, string>) {
    const sorted = Object.fromEntries(Object.entries({ ...APP_MANIFEST.dependencies, ...dependencies }).sort(([a], [b]) => (a < b ? -1 : 1)));
    return `${JSON.stringify({ ...APP_MANIFEST, dependencies: sorted }, null, 2)}\n`;
  }

  it.each([
    { phase: 'install' as const, plugin: KILLED_IN_INSTALL, killedRun: ['install: start', 'install: held'] },
    { phase: 'build' as const, plugin: KILLED_IN_BUILD, killedRun: ['install: start', 'install: end', 'run build: start', 'run build: held'] },
  ])('killed while yarn runs $phase: the next start installs the plugin once, with yarn.lock and the bundle to match', async ({ phase, plugin, killedRun }) => {
    const app = await monorepo(plugin);
    const jobId = await createJob(plugin, 'install');
    const installed = manifestWith({ [app.earlier.pkg]: '1.0.0', [plugin.pkg]: '1.0.0' });

    await startKilledIn(app, phase);

    expect((await store.getJob(jobId))?.state).toBe('activating');
    // Killed halfway: package.json names the package already; the lockfile does not yet, or dist/ is half written.
    expect(await app.manifest()).toBe(installed);
    // Killed in yarn install: yarn.lock is untouched. Killed mid-build: yarn.lock names the package, dist/ is half gone.
    const lock = await app.lock();
    const index = app.hasIndex();
    const build = await app.build();
    expect({ lock: phase === 'install' ? lock : lockedDependencies(lock), index, build }).toEqual(
      phase === 'install'
        ? { lock: app.lockBefore, index, build }
        : { lock: JSON.parse(installed).dependencies, index: false, build: undefined },
    );
    expect(await app.backups()).toEqual([jobId]);

    await start(app.settingsFile);

    expect(await store.getJob(jobId)).toMatchObject({ state: 'done', resumes: 1, result: { status: 'pending-restart' } });
    const events = await store.listEvents(jobId);
    expect(events.filter(e => e.message.startsWith('Resumed at ')).map(e => e.message)).toEqual([expect.stringMatching(/^Resumed at activating/)]);
    expect(events.filter(e => e.step === 'activating' && e.status === 'succeeded')).toHaveLength(1);
    // The killed start's yarn went no further; the next start ran yarn once, to the end.
    expect(await app.yarnCalls()).toEqual([...killedRun, 'install: start', 'install: end', 'run build: start', 'run build: end']);

    // package.json has the package once, yarn.lock and the bundle agree with it, and no copy is left.
    const manifest = await app.manifest();
    expect(manifest).toBe(installed);
    expect(manifest.split(`"${plugin.pkg}"`)).toHaveLength(2);
    expect(lockedDependencies(await app.lock())).toEqual(JSON.parse(manifest).dependencies);
    expect(await app.build()).toMatchObject({ jobId, dependencies: JSON.parse(manifest).dependencies });
    expect(await app.owners()).toEqual({ [app.earlier.pkg]: app.earlier.id, [plugin.pkg]: plugin.id });
    expect(app.hasIndex()).toBe(true);
    expect(await app.bundle()).toContain(plugin.pkg);
    expect(await app.backups()).toEqual([]);
    expect(await store.getInstallation(plugin.id)).toMatchObject({ status: 'pending-restart', target: 'frontend', version: '1.0.0' });
  });

  it('an uninstall killed mid-build: the next start leaves package.json byte for byte as before the install and builds the app again', async () => {
    const app = await monorepo(UNINSTALLED);
    await createJob(UNINSTALLED, 'install');
    await start(app.settingsFile);
    expect(await app.manifest()).toBe(manifestWith({ [app.earlier.pkg]: '1.0.0', [UNINSTALLED.pkg]: '1.0.0' }));
    const jobId = await createJob(UNINSTALLED, 'uninstall');

    await startKilledIn(app, 'build');

    expect((await store.getJob(jobId))?.state).toBe('activating');
    expect({ index: app.hasIndex(), build: await app.build() }).toEqual({ index: false, build: undefined });

    await start(app.settingsFile);

    expect(await store.getJob(jobId)).toMatchObject({ state: 'done', resumes: 1, result: { status: 'removed' } });
    expect(await app.manifest()).toBe(app.manifestBefore);
    expect(await app.lock()).toBe(app.lockBefore);
    expect(await app.build()).toMatchObject({ jobId, dependencies: JSON.parse(app.manifestBefore).dependencies });
    expect(await app.owners()).toEqual({ [app.earlier.pkg]: app.earlier.id });
    expect(app.hasIndex()).toBe(true);
    expect(await app.bundle()).not.toContain(UNINSTALLED.pkg);
    expect(await app.backups()).toEqual([]);
    expect(await store.getInstallation(UNINSTALLED.id)).toBeUndefined();
  });

  it('a build that fails rolls the app back: package.json and yarn.lock byte for byte as before, the job failed with the build error', async () => {
    const app = await monorepo(BROKEN);
    const jobId = await createJob(BROKEN, 'install');

    await start(app.settingsFile);

    const job = (await store.getJob(jobId))!;
    const buildError = /^Adding @acme\/plugin-fe-broken to the app failed: the app build failed \(exit 2\): .*Module not found: Error: Can't resolve 'broken-feature'$/;
    expect(job).toMatchObject({ state: 'failed', rolledBack: true, error: { step: 'activating', package: BROKEN.pkg, message: expect.stringMatching(buildError) } });
    const events = await store.listEvents(jobId);
    expect(events.filter(e => e.status === 'failed').map(e => e.message)).toEqual([expect.stringMatching(buildError)]);
    expect(events.filter(e => e.step === 'rollback').map(e => e.message)).toContainEqual(
      expect.stringMatching(/^Put back the app's package.json and yarn.lock and built the app again/),
    );
    expect(await app.manifest()).toBe(app.manifestBefore);
    expect(await app.lock()).toBe(app.lockBefore);
    expect(await app.build()).toMatchObject({ dependencies: JSON.parse(app.manifestBefore).dependencies });
    expect(await app.owners()).toEqual({ [app.earlier.pkg]: app.earlier.id });
    expect(await app.bundle()).not.toContain(BROKEN.pkg);
    expect(await store.getInstallation(BROKEN.id)).toBeUndefined();
  });

  it('a rollback killed while it builds the app again: the next start fails the job again and finishes the rollback', async () => {
    const app = await monorepo(BROKEN_KILLED);
    const jobId = await createJob(BROKEN_KILLED, 'install');

    // The job's own build fails before it is held; the rollback's build is held and killed.
    await startKilledIn(app, 'build');

    expect((await store.getJob(jobId))?.state).toBe('activating');
    expect(await app.manifest()).toBe(app.manifestBefore);
    expect({ index: app.hasIndex(), build: await app.build() }).toEqual({ index: false, build: undefined });

    await start(app.settingsFile);

    expect(await store.getJob(jobId)).toMatchObject({ state: 'failed', resumes: 1, rolledBack: true, error: { step: 'activating' } });
    expect(await app.manifest()).toBe(app.manifestBefore);
    expect(await app.lock()).toBe(app.lockBefore);
    expect(await app.build()).toMatchObject({ dependencies: JSON.parse(app.manifestBefore).dependencies });
    expect(await app.owners()).toEqual({ [app.earlier.pkg]: app.earlier.id });
    expect(app.hasIndex()).toBe(true);
    expect(await app.bundle()).not.toContain(BROKEN_KILLED.pkg);
  });

  it('a rollback killed mid-build more often than a job may resume: the job fails and the app is still built again', async () => {
    const app = await monorepo(BROKEN_TWICE, { maxResumes: 1 });
    const jobId = await createJob(BROKEN_TWICE, 'install');
    await startKilledIn(app, 'build');
    await startKilledIn(app, 'build');
    // package.json and yarn.lock are back already; only the bundle is half done.
    expect({ manifest: await app.manifest(), lock: await app.lock() }).toEqual({ manifest: app.manifestBefore, lock: app.lockBefore });
    expect({ index: app.hasIndex(), build: await app.build() }).toEqual({ index: false, build: undefined });

    await start(app.settingsFile);

    const job = (await store.getJob(jobId))!;
    expect(job).toMatchObject({ state: 'failed', resumes: 2, rolledBack: true });
    expect(job.error?.message).toMatch(/^The job was interrupted 2 times during activating; it is rolled back/);
    expect(await app.manifest()).toBe(app.manifestBefore);
    expect(await app.lock()).toBe(app.lockBefore);
    expect(await app.build()).toMatchObject({ dependencies: JSON.parse(app.manifestBefore).dependencies });
    expect(await app.owners()).toEqual({ [app.earlier.pkg]: app.earlier.id });
    expect(app.hasIndex()).toBe(true);
  });
});
