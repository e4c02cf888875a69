import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeApp, writeFakeYarn } from '../__testUtils__/fakeYarn';
import { FrontendAppTarget } from './FrontendAppTarget';

describe('FrontendAppTarget', () => {
  let root: string;
  let target: FrontendAppTarget;
  const signal = new AbortController().signal;
  const manifestPath = () => join(root, 'packages/app/package.json');
  const calls = async () =>
    (await fs.readFile(join(root, 'calls.log'), 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line));

  beforeEach(async () => {
    root = await fs.mkdtemp(join(tmpdir(), 'marketplace-frontend-'));
    await writeApp(root, { '@backstage/core-components': '0.18.14', react: '^18.0.2' });
    const yarn = await writeFakeYarn(root);
    target = FrontendAppTarget.fromConfig(new ConfigReader({ marketplace: { install: { frontend: { yarnCommand: yarn, timeoutSeconds: 30 } } } }), {
      logger: mockServices.logger.mock(),
      registry: 'http://registry.test/npm/',
      token: 'registry-token',
      backstageRoot: root,
    });
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('adds the package to the app in order, installs from the configured registry, builds, and records what the bundle holds', async () => {
    const progress: string[] = [];
    const output = await target.apply({ add: { '@backstage/plugin-catalog-graph': '0.6.8' }, remove: [] }, 'job-1', signal, async m => {
      progress.push(m);
    });

    const manifest = JSON.parse(await fs.readFile(manifestPath(), 'utf8'));
    expect(Object.entries(manifest.dependencies)).toEqual([
      ['@backstage/core-components', '0.18.14'],
      ['@backstage/plugin-catalog-graph', '0.6.8'],
      ['react', '^18.0.2'],
    ]);
    expect(await calls()).toEqual([
      { args: ['install'], cwd: root, registry: 'http://registry.test/npm', token: 'registry-token', immutable: 'false' },
      { args: ['run', 'build'], cwd: join(root, 'packages/app'), registry: 'http://registry.test/npm', token: 'registry-token', immutable: 'false' },
    ]);
    expect(await fs.readFile(join(root, 'packages/app/dist/index.html'), 'utf8')).toContain('@backstage/plugin-catalog-graph');
    const build = await target.readBuild();
    expect(build).toMatchObject({ jobId: 'job-1', dependencies: { '@backstage/plugin-catalog-graph': '0.6.8' } });
    expect(progress[0]).toBe("The app's package.json: + @backstage/plugin-catalog-graph@0.6.8");
    expect(progress.slice(1).map(p => p.replace(/[\d.]+ s/, 'N s'))).toEqual(['yarn install finished in N s', 'The app was built in N s']);
    expect(output).toContain('YN0000: Done');
    expect(output).toContain('Built');
  });

  it('rolls back to the package.json and yarn.lock it saved before the job, and builds the app without the package again', async () => {
    const originalManifest = await fs.readFile(manifestPath(), 'utf8');
    await target.backup('job-2');
    await target.apply({ add: { '@backstage/plugin-catalog-graph': '0.6.8' }, remove: [] }, 'job-2', signal);
    // A resumed job backs up again: the copy from before the job is kept.
    await target.backup('job-2');
    expect(await fs.readFile(join(root, 'yarn.lock'), 'utf8')).toContain('plugin-catalog-graph');

    const said = await target.restore('job-2');

    expect(said).toMatch(/^Put back the app's package.json and yarn.lock and built the app again/);
    expect(await fs.readFile(manifestPath(), 'utf8')).toBe(originalManifest);
    expect(await fs.readFile(join(root, 'yarn.lock'), 'utf8')).toBe('@backstage/core-components@0.18.14\nreact@^18.0.2\n');
    expect(await fs.readFile(join(root, 'packages/app/dist/index.html'), 'utf8')).not.toContain('catalog-graph');
    expect((await target.readBuild())?.dependencies).not.toHaveProperty('@backstage/plugin-catalog-graph');
    await target.dropBackup('job-2');
    expect(await target.restore('job-2')).toBe('The app was not changed: nothing to undo');
  });

  it('does nothing on a rollback when the job had not changed the app yet', async () => {
    await target.backup('job-3');
    expect(await target.restore('job-3')).toBe("The app's package.json and yarn.lock are as they were: nothing to undo");
    expect(await calls()).toEqual([]);
  });

  it('fails with the build output when the app no longer builds, and the rollback gives the app back', async () => {
    const originalManifest = await fs.readFile(manifestPath(), 'utf8');
    await target.backup('job-4');
    await expect(target.apply({ add: { 'plugin-broken': '1.0.0' }, remove: [] }, 'job-4', signal)).rejects.toThrow(
      /the app build failed \(exit 2\): Module not found: broken/,
    );
    await target.restore('job-4');
    expect(await fs.readFile(manifestPath(), 'utf8')).toBe(originalManifest);
    expect(await fs.readFile(join(root, 'packages/app/dist/index.html'), 'utf8')).toBe('@backstage/core-components,react');
  });

  it('names yarn when the registry does not have the package', async () => {
    await expect(target.apply({ add: { 'plugin-missing': '1.0.0' }, remove: [] }, 'job-5', signal)).rejects.toThrow(
      /yarn install failed \(exit 1\): YN0035: package not found on the registry/,
    );
  });

  it('removes packages and runs one change at a time', async () => {
    await Promise.all([
      target.apply({ add: { 'plugin-a': '1.0.0' }, remove: [] }, 'job-6', signal),
      target.apply({ add: {}, remove: ['react'] }, 'job-7', signal),
    ]);
    const manifest = JSON.parse(await fs.readFile(manifestPath(), 'utf8'));
    expect(manifest.dependencies).toEqual({ '@backstage/core-components': '0.18.14', 'plugin-a': '1.0.0' });
    expect((await calls()).map(c => c.args.join(' '))).toEqual(['install', 'run build', 'install', 'run build']);
  });

  it('says why it cannot work where the app sources are not present (a deployed image)', async () => {
    expect(await target.unavailableReason()).toBeUndefined();
    await fs.rm(join(root, 'packages/app/src'), { recursive: true });
    expect(await target.unavailableReason()).toMatch(/no .*packages\/app\/src\): export the install as a change/);
    await fs.rm(manifestPath());
    expect(await target.unavailableReason()).toMatch(/no .*packages\/app\/package.json\): export the install as a change/);
  });

  it('stops the yarn a killed backend left running before it runs its own', async () => {
    // What a killed start left: its yarn still working in the app, in a process group of its own.
    const leftover = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { cwd: root, detached: true, stdio: 'ignore' });
    await fs.mkdir(join(target.stagingDir, 'job-killed'), { recursive: true });
    await fs.writeFile(join(target.stagingDir, 'job-killed', 'yarn.pid'), String(leftover.pid));
    // A pid file of a process that works elsewhere (a reused pid) is not trusted.
    const stranger = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { cwd: tmpdir(), detached: true, stdio: 'ignore' });
    await fs.mkdir(join(target.stagingDir, 'job-old'), { recursive: true });
    await fs.writeFile(join(target.stagingDir, 'job-old', 'yarn.pid'), String(stranger.pid));
    const exited = new Promise(resolve => leftover.on('exit', (_code, killedBy) => resolve(killedBy)));
    try {
      await target.apply({ add: { 'plugin-a': '1.0.0' }, remove: [] }, 'job-10', signal);

      expect(await exited).toBe('SIGTERM');
      expect(() => process.kill(stranger.pid!, 0)).not.toThrow();
      expect(await fs.readdir(join(target.stagingDir, 'job-killed'))).toEqual([]);
      // Its own yarn's pid file goes once yarn is done.
      expect(await fs.readdir(join(target.stagingDir, 'job-10'))).toEqual([]);
    } finally {
      leftover.kill('SIGKILL');
      stranger.kill('SIGKILL');
    }
  });

  it('clears the copies of finished jobs only', async () => {
    await target.backup('job-8');
    await target.backup('job-9');
    const removed = await target.cleanStaging(async id => id === 'job-8', new Set());
    expect(removed).toEqual(['frontend backup job-8']);
    expect(await fs.readdir(target.stagingDir)).toEqual(expect.arrayContaining(['job-9']));
  });
});
