import { mockServices } from '@backstage/backend-test-utils';
import { InstallStep } from '@internal/backstage-plugin-marketplace-common';
import { existsSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Knex } from 'knex';
import { makeListing } from '../__testUtils__/listings';
import { parseManagedFile } from '../configuration/ManagedConfigFile';
import { DatabaseRegistryStore } from '../registry/DatabaseRegistryStore';
import { FakeRegistry } from '../sources/npm/__testUtils__/FakeRegistry';
import { CrashChildSettings } from './__testUtils__/crashChild';
import { crashDatabaseKinds, openCrashDatabase, runCrashChild, waitFor } from './__testUtils__/crashRun';
import { DatabaseInstallJobStore } from './DatabaseInstallJobStore';
import { MARKER_FILE } from './targets/DynamicPluginsTarget';

jest.setTimeout(600_000);

const TOKEN = 'crash-token';
// Enough files that extracting and copying take a while to be killed in.
const FILES = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`dist/chunk-${i}.js`, `module.exports = ${i}; // ${'x'.repeat(900)}`]));
const ENTRIES = Object.keys(FILES).length + 1;

/** Where each scenario kills the first runner: on entering a step, or once its work is visibly under way. */
const KILLS: Array<{ step: InstallStep; when: 'enter' | 'mid' }> = [
  { step: 'resolving', when: 'enter' },
  { step: 'downloading', when: 'mid' },
  { step: 'verifying', when: 'enter' },
  { step: 'extracting', when: 'mid' },
  { step: 'configuring', when: 'mid' },
  { step: 'activating', when: 'mid' },
];

function pluginOf(step: string) {
  return { id: `acme.crash-${step}`, section: `crash${step}`, pkg: `@acme/plugin-crash-${step}-backend`, dir: `acme-plugin-crash-${step}-backend` };
}

async function countFiles(dir: string): Promise<number> {
  let count = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) count += await countFiles(join(dir, entry.name));
    else count++;
  }
  return count;
}

const kinds = crashDatabaseKinds();

describe.each(kinds)('A runner killed with SIGKILL, on %s', kind => {
  let root: string;
  let db: Awaited<ReturnType<typeof openCrashDatabase>>;
  let knex: Knex;
  let registry: FakeRegistry;
  let settingsFile: string;

  beforeAll(async () => {
    root = await fs.mkdtemp(join(tmpdir(), 'install-crash-'));
    db = await openCrashDatabase(kind, root);
    const { database } = db;
    knex = db.knex;
    const registryStore = await DatabaseRegistryStore.create({ database: mockServices.database({ knex }) });
    await registryStore.replaceSource(
      'npm',
      KILLS.map(({ step }) => {
        const p = pluginOf(step);
        return makeListing(p.id, {
          source: 'npm',
          packages: [{ name: p.pkg, role: 'backend-plugin', version: '1.0.0' }],
          versions: [{ version: '1.0.0', dependencies: [] }],
          spec: { configSchema: { type: 'object', properties: { [p.section]: { type: 'object', properties: { greeting: { type: 'string' } } } } } },
        });
      }),
    );
    registry = await FakeRegistry.start({ token: TOKEN });
    registry.addPackage('@acme/tiny-dep', [{ manifest: { version: '1.0.0', main: 'index.js' }, files: { 'index.js': 'module.exports = 42;' } }]);
    for (const { step } of KILLS) {
      registry.addPackage(pluginOf(step).pkg, [
        {
          manifest: { version: '1.0.0', main: 'dist/chunk-0.js', backstage: { role: 'backend-plugin' }, dependencies: { '@acme/tiny-dep': '^1.0.0' } },
          files: FILES,
        },
      ]);
    }
    await fs.mkdir(join(root, 'app', 'dynamic-plugins-root'), { recursive: true });
    const settings: CrashChildSettings = {
      database,
      appRoot: join(root, 'app'),
      managedConfigPath: join(root, 'app-config.marketplace.yaml'),
      config: {
        dynamicPlugins: { rootDirectory: 'dynamic-plugins-root' },
        marketplace: {
          sources: { npm: { registry: registry.url, token: TOKEN } },
          install: { storeDir: join(root, 'store'), leaseSeconds: 60 },
        },
      },
    };
    settingsFile = join(root, 'settings.json');
    await fs.writeFile(settingsFile, JSON.stringify(settings));
  });

  afterAll(async () => {
    await registry?.stop();
    await db?.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  it.each(KILLS)('during $step ($when): the next start resumes it and leaves no half-extracted package or half-written config', async ({ step, when }) => {
    const p = pluginOf(step);
    const store = await DatabaseInstallJobStore.create({ database: mockServices.database({ knex }), skipMigrations: true });
    const { jobs } = await store.createJobs({
      batchId: `crash-${step}`,
      requestedBy: 'user:default/ada',
      jobs: [
        {
          pluginId: p.id,
          action: 'install',
          version: '1.0.0',
          target: 'backend',
          packages: [{ name: p.pkg, version: '1.0.0', role: 'backend-plugin', status: 'pending' }],
          config: { [p.section]: { greeting: `hello from ${step}` } },
          dependsOnPlugins: [],
        },
      ],
    });
    const jobId = jobs[0].id;
    const storeTmp = join(root, 'store', 'tmp');
    const staged = join(root, 'app', '.dynamic-plugins-root-staging', `${jobId}.${p.dir}`);
    const midWork: Record<string, () => Promise<boolean>> = {
      // A half-extracted package in tmp/.
      extracting: async () => (await fs.readdir(storeTmp).catch(() => [])).some(n => n.startsWith(jobId) && n.endsWith('.d')),
      // npm installing the plugin's own dependencies into the staged copy.
      activating: async () => existsSync(join(staged, 'node_modules')) || existsSync(join(staged, 'package.json')),
    };

    let killedIn: string | undefined;
    const first = await runCrashChild(settingsFile, { CRASH_PAUSE_STEP: step, CRASH_PAUSE_MS: when === 'enter' ? '2000' : '50' }, (line, kill) => {
      if (killedIn || line !== `ENTER ${jobId} ${step}`) return;
      killedIn = step;
      const check = midWork[step];
      if (when === 'enter') kill();
      else if (check) waitFor(check).then(kill);
      else setTimeout(kill, 55);
    });
    // The output says why when the child ended some other way.
    expect({ signal: first.signal, output: first.signal === 'SIGKILL' ? '' : first.output.slice(-3000) }).toEqual({ signal: 'SIGKILL', output: '' });
    expect(killedIn).toBe(step);
    expect((await store.getJob(jobId))?.state).not.toBe('done');
    // Where the kill came mid-work, the half-done work is there for the next start to deal with.
    expect(await (midWork[step] ?? (async () => true))()).toBe(true);

    const second = await runCrashChild(settingsFile, {});
    expect({ code: second.code, output: second.code === 0 ? '' : second.output.slice(-3000) }).toEqual({ code: 0, output: '' });

    // The job went on from where it was, once.
    const job = (await store.getJob(jobId))!;
    expect(job).toMatchObject({ state: 'done', resumes: 1, result: { status: 'pending-restart' } });
    const events = await store.listEvents(jobId);
    expect(events.some(e => e.message.startsWith('Resumed at '))).toBe(true);

    // The store holds only whole packages, and nothing is left in tmp/.
    for (const digest of await fs.readdir(join(root, 'store', 'sha512'))) {
      expect(await countFiles(join(root, 'store', 'sha512', digest))).toBe(ENTRIES);
    }
    expect(await fs.readdir(storeTmp)).toEqual([]);

    // The dynamic plugins root has the whole package with its dependency, and nothing staged.
    const dir = join(root, 'app', 'dynamic-plugins-root', p.dir);
    expect(JSON.parse(await fs.readFile(join(dir, MARKER_FILE), 'utf8'))).toMatchObject({ pluginId: p.id, jobId });
    expect(await fs.readFile(join(dir, 'node_modules/@acme/tiny-dep/index.js'), 'utf8')).toBe('module.exports = 42;');
    expect(await countFiles(join(dir, 'dist'))).toBe(ENTRIES - 1);
    const rootEntries = await fs.readdir(join(root, 'app', 'dynamic-plugins-root'));
    expect(rootEntries.every(n => /^acme-plugin-crash-[a-z]+-backend$/.test(n))).toBe(true);
    const stagingLeft = (await fs.readdir(join(root, 'app', '.dynamic-plugins-root-staging'))).filter(n => n.startsWith(jobId));
    expect(stagingLeft).toEqual([]);

    // The managed config is whole, at the revision the database holds, with the plugin's part.
    const file = parseManagedFile(await fs.readFile(join(root, 'app-config.marketplace.yaml'), 'utf8'));
    const latest = await knex('config_revisions').orderBy('revision', 'desc').first();
    expect(file.revision).toBe(latest.revision);
    expect(file.body).toBe(latest.yaml);
    expect(file.body).toContain(`greeting: hello from ${step}`);
    expect(await store.getInstallation(p.id)).toMatchObject({ status: 'pending-restart', version: '1.0.0' });
  });
});
