import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { InstallJob, marketplacePluginInstallPermission, ReplicaStatus } from '@internal/backstage-plugin-marketplace-common';
import { ListingInput } from '@internal/backstage-plugin-marketplace-node';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { makeListing } from '../__testUtils__/listings';
import { responseProblems } from '../__testUtils__/openapi';
import { databases } from '../__testUtils__/storage';
import { listingsModule, permissionsDenying, recordingAuditor } from '../__testUtils__/services';
import { marketplacePlugin } from '../plugin';
import { FakeRegistry } from '../sources/npm/__testUtils__/FakeRegistry';

jest.setTimeout(120_000);

const TOKEN = 'router-test-token';
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map(dir => rm(dir, { recursive: true, force: true }))));

/**
 * A backend plugin of one package; its releases are `releases`, the last one
 * the listing's, and `needs` gives the npm packages a release depends on.
 */
function listing(
  id: string,
  pkg: string,
  spec: object = {},
  releases = ['1.0.0'],
  needs: Record<string, Record<string, string>> = {},
): ListingInput {
  const latest = releases[releases.length - 1];
  const { spec: full, packages, versions, downloadsMonthly } = makeListing(id, {
    source: 'npm',
    packages: [{ name: pkg, role: 'backend-plugin', version: latest }],
    versions: releases.map(version => ({
      version,
      dependencies: Object.entries(needs[version] ?? {}).map(([name, range]) => ({ package: pkg, name, range, kind: 'dependency' as const })),
    })),
    spec: {
      version: latest,
      configSchema: { type: 'object', properties: { hello: { type: 'object', properties: { greeting: { type: 'string' } } } } },
      ...spec,
    },
  });
  return { spec: full, packages, versions, downloadsMonthly };
}

const listings = [
  listing('acme.hello', '@acme/plugin-hello-backend'),
  listing('acme.keeper', '@acme/plugin-keeper-backend', { uninstallation: { dataRemoval: 'plugin-database', warnings: ['Deletes every kept thing'] } }),
  // 1.0.0 → 1.1.0 is an update; 1.0.0 → 2.0.0 a breaking one.
  listing('acme.minor', '@acme/plugin-minor-backend', {}, ['1.0.0', '1.1.0']),
  listing('acme.major', '@acme/plugin-major-backend', {}, ['1.0.0', '2.0.0']),
  // acme.addon 1.1.0 needs acme.base 2: its update waits for acme.base's breaking one.
  listing('acme.base', '@acme/plugin-base-backend', {}, ['1.0.0', '2.0.0']),
  listing('acme.addon', '@acme/plugin-addon-backend', {}, ['1.0.0', '1.1.0'], {
    '1.0.0': { '@acme/plugin-base-backend': '^1.0.0' },
    '1.1.0': { '@acme/plugin-base-backend': '^2.0.0' },
  }),
];

const RELEASES: Record<string, string[]> = {
  '@acme/plugin-hello-backend': ['1.0.0'],
  '@acme/plugin-keeper-backend': ['1.0.0'],
  '@acme/plugin-minor-backend': ['1.0.0', '1.1.0'],
  '@acme/plugin-major-backend': ['1.0.0', '2.0.0'],
  '@acme/plugin-base-backend': ['1.0.0', '2.0.0'],
  '@acme/plugin-addon-backend': ['1.0.0', '1.1.0'],
};

const testListings = listingsModule('install-test-listings', listings);


async function start(databaseId: string, options: { deny?: string } = {}) {
  const registry = await FakeRegistry.start({ token: TOKEN });
  for (const [name, versions] of Object.entries(RELEASES)) {
    registry.addPackage(
      name,
      versions.map(version => ({
        manifest: { version, main: 'dist/index.cjs.js', backstage: { role: 'backend-plugin' }, dependencies: { express: '^4.17.0' } },
        files: { 'dist/index.cjs.js': 'module.exports = {};' },
      })),
    );
  }
  const knex = await databases.init(databaseId as 'SQLITE_3');
  const dir = await mkdtemp(join(tmpdir(), 'install-router-'));
  dirs.push(dir);
  await mkdir(join(dir, 'dynamic-plugins-root'));
  const { audit, factory: auditorFactory } = recordingAuditor();
  const { server } = await startTestBackend({
    features: [
      marketplacePlugin,
      testListings,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          dynamicPlugins: { rootDirectory: join(dir, 'dynamic-plugins-root') },
          marketplace: {
            managedConfig: { path: join(dir, 'app-config.marketplace.yaml') },
            sources: { seed: { enabled: false }, catalog: { enabled: false }, npm: { registry: registry.url, token: TOKEN } },
            install: { storeDir: join(dir, 'store'), leaseSeconds: 5 },
          },
        },
      }),
      catalogServiceMock.factory({ entities: [] }),
      mockServices.scheduler.factory({ includeInitialDelayedTasksOnStartup: true }),
      auditorFactory,
      ...(options.deny ? [permissionsDenying(options.deny)] : []),
    ],
  });
  return { server, registry, dir, audit, knex };
}

/** Calls the API and checks the answer against openapi.yaml for `path`. */
async function call(server: any, method: 'get' | 'post' | 'delete', path: string, url = path, body?: unknown) {
  const req = request(server)[method](`/api/marketplace${url}`);
  const res = body === undefined ? await req : await req.send(body as object);
  expect(responseProblems(path, res.status, res.body, method)).toEqual([]);
  return res;
}

/** Follows a job until it has finished (the reconciler runs it in the background). */
async function finished(server: any, id: string): Promise<InstallJob> {
  for (;;) {
    const res = await call(server, 'get', '/install/jobs/{id}', `/install/jobs/${id}`);
    if (['done', 'failed', 'cancelled'].includes(res.body.state)) return res.body;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

describe.each(databases.eachSupportedId())('Install API on %s', databaseId => {
  let ctx: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    ctx = await start(databaseId);
  });
  afterAll(async () => {
    await ctx.registry.stop();
  });

  it('installs from the plan, streams the job as server-sent events, and records the desired state and the audit', async () => {
    const res = await call(ctx.server, 'post', '/install', '/install', {
      plugins: [{ pluginId: 'acme.hello' }],
      config: { 'acme.hello': { hello: { greeting: 'hi' } } },
    });
    expect(res.status).toBe(202);
    expect(res.body.jobs).toHaveLength(1);
    const job = res.body.jobs[0];
    expect(job).toMatchObject({ pluginId: 'acme.hello', action: 'install', version: '1.0.0', target: 'backend' });

    const stream = await request(ctx.server).get(`/api/marketplace/install/jobs/${job.id}/events`).set('accept', 'text/event-stream').buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      r.on('end', () => cb(null, text));
    });
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    const text = stream.body as string;
    for (const step of ['resolving', 'downloading', 'verifying', 'extracting', 'configuring', 'activating']) {
      expect(text).toContain(`"step":"${step}","status":"succeeded"`);
    }
    expect(text).toMatch(/event: job\ndata: .*"state":"done"/);
    expect(text.trim().split('\n\n').pop()).toBe('event: end\ndata: {"state":"done"}');

    const done = await finished(ctx.server, job.id);
    expect(done).toMatchObject({ state: 'done', result: { status: 'pending-restart' } });
    const events = await call(ctx.server, 'get', '/install/jobs/{id}/events', `/install/jobs/${job.id}/events?after=2`);
    expect(events.body.items.every((e: { id: number }) => e.id > 2)).toBe(true);
    expect(existsSync(join(ctx.dir, 'dynamic-plugins-root', 'acme-plugin-hello-backend', 'package.json'))).toBe(true);
    expect(await readFile(join(ctx.dir, 'app-config.marketplace.yaml'), 'utf8')).toContain('greeting: hi');
    const installed = await call(ctx.server, 'get', '/installed');
    expect(installed.body.items ?? installed.body).toEqual(expect.arrayContaining([expect.objectContaining({ pluginId: 'acme.hello', status: 'pending-restart' })]));
    expect(ctx.audit).toContainEqual({
      eventId: 'plugin-install',
      outcome: 'success',
      meta: expect.objectContaining({ plugins: ['acme.hello'], batchId: res.body.batchId }),
    });
    const listed = await call(ctx.server, 'get', '/install/jobs', `/install/jobs?batchId=${res.body.batchId}`);
    expect(listed.body.items.map((j: InstallJob) => j.id)).toEqual([job.id]);

    // Finished jobs are neither cancelled nor retried.
    expect((await call(ctx.server, 'post', '/install/jobs/{id}/cancel', `/install/jobs/${job.id}/cancel`)).status).toBe(409);
    expect((await call(ctx.server, 'post', '/install/jobs/{id}/retry', `/install/jobs/${job.id}/retry`)).status).toBe(409);
  });

  it('answers bad input with a 400 naming the field, and an impossible plan with a 409', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ plugins: 'acme.hello' }, /'plugins' must be a list/],
      [{ plugins: [{ pluginId: 'acme.hello' }], extra: 1 }, /unknown field 'extra'/],
      [{ plugins: [{ pluginId: 'acme.hello' }], config: { 'acme.other': {} } }, /'config.acme.other': acme.other is not one of the plugins/],
      [{ plugins: [{ pluginId: 'acme.hello' }], config: { 'acme.hello': { hello: { greeting: 5 } } } }, /'config.acme.hello.hello.greeting'/],
      [{ plugins: [{ pluginId: 'acme.hello', version: 'not a range' }] }, /'plugins\[0\].version'/],
    ];
    for (const [body, message] of cases) {
      const res = await call(ctx.server, 'post', '/install', '/install', body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    const unknown = await call(ctx.server, 'post', '/install', '/install', { plugins: [{ pluginId: 'acme.nothing' }] });
    expect(unknown.status).toBe(409);
    expect(unknown.body.error.message).toMatch(/cannot be installed/);
    expect((await call(ctx.server, 'get', '/install/jobs/{id}', '/install/jobs/not-a-job')).status).toBe(400);
    expect((await call(ctx.server, 'get', '/install/jobs/{id}', '/install/jobs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call(ctx.server, 'delete', '/installed/{pluginId}', '/installed/acme.keeper?confirm=maybe')).status).toBe(400);
  });

  it('uninstalls only with confirm=true when data goes, and lists what goes first', async () => {
    const res = await call(ctx.server, 'post', '/install', '/install', { plugins: [{ pluginId: 'acme.keeper' }] });
    await finished(ctx.server, res.body.jobs[0].id);

    const removal = await call(ctx.server, 'get', '/installed/{pluginId}/removal', '/installed/acme.keeper/removal');
    expect(removal.body).toMatchObject({
      pluginId: 'acme.keeper',
      dataRemoval: 'plugin-database',
      confirmRequired: true,
      packages: [{ name: '@acme/plugin-keeper-backend', version: '1.0.0', role: 'backend-plugin' }],
      warnings: expect.arrayContaining(['Deletes every kept thing']),
    });
    const refused = await call(ctx.server, 'delete', '/installed/{pluginId}', '/installed/acme.keeper');
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/removes data .*confirm=true/);

    const accepted = await call(ctx.server, 'delete', '/installed/{pluginId}', '/installed/acme.keeper?confirm=true');
    expect(accepted.status).toBe(202);
    expect(await finished(ctx.server, accepted.body.job.id)).toMatchObject({ state: 'done', result: { status: 'removed' } });
    expect(existsSync(join(ctx.dir, 'dynamic-plugins-root', 'acme-plugin-keeper-backend'))).toBe(false);
    expect((await call(ctx.server, 'get', '/installed/{pluginId}/removal', '/installed/acme.keeper/removal')).status).toBe(404);
    expect(ctx.audit.filter(a => a.eventId === 'plugin-uninstall').map(a => a.outcome)).toEqual([
      expect.stringMatching(/^fail: Uninstalling acme.keeper removes data/),
      'success',
    ]);
  });

  it('says what waits for a restart, and does not restart a backend that no supervisor would start again', async () => {
    const status = await call(ctx.server, 'get', '/install/restart');
    expect(status.status).toBe(200);
    expect(status.body.supervised).toBe(false);
    expect(status.body.waiting).toEqual(
      expect.arrayContaining([
        { pluginId: 'acme.hello', action: 'install', target: 'backend', message: 'acme.hello 1.0.0 loads after the restart' },
        { pluginId: 'acme.keeper', action: 'uninstall', target: 'backend', message: 'acme.keeper is removed; the running backend runs it until the restart' },
      ]),
    );
    const res = await call(ctx.server, 'post', '/install/restart');
    expect(res.status).toBe(503);
  });

  it('lists this backend as a replica with what it does not run yet, and refuses a rolling restart nobody could do', async () => {
    const status = await call(ctx.server, 'get', '/install/restart');
    const self = status.body.replicas.find((r: ReplicaStatus) => r.self);
    expect(self).toMatchObject({ pid: process.pid, supervised: false, restarting: false });
    expect(self.behind).toEqual(
      expect.arrayContaining([{ pluginId: 'acme.hello', message: 'does not run acme.hello 1.0.0 yet' }]),
    );
    expect(status.body.rolling).toBeUndefined();

    const all = await call(ctx.server, 'post', '/install/restart', '/install/restart', { replicas: 'all' });
    expect(all.status).toBe(503);
    expect(all.body.error.message).toMatch(/No replica is run by a supervisor/);
    const bad = await call(ctx.server, 'post', '/install/restart', '/install/restart', { replicas: 'some' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(`Field 'replicas' must be 'this' or 'all', got "some"`);
    expect(ctx.audit.filter(a => a.eventId === 'backend-restart').map(a => a.outcome)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^fail: No replica is run by a supervisor/)]),
    );
  });

  it('installs several plugins in one request: one batch, a job for each', async () => {
    const res = await call(ctx.server, 'post', '/install', '/install', {
      plugins: [
        { pluginId: 'acme.minor', version: '1.0.0' },
        { pluginId: 'acme.major', version: '1.0.0' },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.jobs.map((j: InstallJob) => [j.pluginId, j.action, j.version]).sort()).toEqual([
      ['acme.major', 'install', '1.0.0'],
      ['acme.minor', 'install', '1.0.0'],
    ]);
    expect(res.body.jobs.every((j: InstallJob) => j.batchId === res.body.batchId)).toBe(true);
    for (const job of res.body.jobs) expect(await finished(ctx.server, job.id)).toMatchObject({ state: 'done' });
    const batch = await call(ctx.server, 'get', '/install/jobs', `/install/jobs?batchId=${res.body.batchId}`);
    expect(batch.body.items).toHaveLength(2);
  });

  it('updates every plugin with an update in one batch, skipping a breaking one with the reason, and makes each job once', async () => {
    const res = await call(ctx.server, 'post', '/install/updates', '/install/updates', {});
    expect(res.status).toBe(202);
    expect(res.body.jobs).toEqual([
      expect.objectContaining({ pluginId: 'acme.minor', action: 'update', fromVersion: '1.0.0', version: '1.1.0', batchId: res.body.batchId }),
    ]);
    expect(res.body.skipped).toEqual([{ pluginId: 'acme.major', reason: '1.0.0 → 2.0.0 is a breaking update: send allowBreaking: true to take it' }]);
    expect(ctx.audit).toContainEqual({
      eventId: 'plugin-update-bulk',
      outcome: 'success',
      meta: expect.objectContaining({ batchId: res.body.batchId, skipped: ['acme.major'] }),
    });

    // Asked again (the job queued, running or done): the desired version is 1.1.0 already, so no second job.
    const again = await call(ctx.server, 'post', '/install/updates', '/install/updates', {});
    expect(again.body.jobs).toEqual([]);
    expect(await ctx.knex('install_jobs').where({ plugin_id: 'acme.minor', action: 'update' }).select('id')).toEqual([{ id: res.body.jobs[0].id }]);
    expect(await finished(ctx.server, res.body.jobs[0].id)).toMatchObject({ state: 'done' });

    const breaking = await call(ctx.server, 'post', '/install/updates', '/install/updates', { plugins: ['acme.major', 'acme.minor'], allowBreaking: true });
    expect(breaking.body.jobs).toEqual([expect.objectContaining({ pluginId: 'acme.major', action: 'update', fromVersion: '1.0.0', version: '2.0.0' })]);
    expect(breaking.body.skipped).toEqual([{ pluginId: 'acme.minor', reason: '1.1.0 is the newest version acme.minor can take' }]);
    expect(await finished(ctx.server, breaking.body.jobs[0].id)).toMatchObject({ state: 'done' });
    const installed = (await call(ctx.server, 'get', '/installed')).body.items;
    expect(installed.filter((i: { pluginId: string }) => i.pluginId.startsWith('acme.m')).map((i: { pluginId: string; version: string }) => [i.pluginId, i.version])).toEqual([
      ['acme.major', '2.0.0'],
      ['acme.minor', '1.1.0'],
    ]);
  });

  it('skips an update that needs a skipped breaking one, and takes both together when breaking updates are allowed', async () => {
    const setup = await call(ctx.server, 'post', '/install', '/install', {
      plugins: [
        { pluginId: 'acme.base', version: '1.0.0' },
        { pluginId: 'acme.addon', version: '1.0.0' },
      ],
    });
    for (const job of setup.body.jobs) expect(await finished(ctx.server, job.id)).toMatchObject({ state: 'done' });

    const cautious = await call(ctx.server, 'post', '/install/updates', '/install/updates', { plugins: ['acme.base', 'acme.addon'] });
    expect(cautious.status).toBe(202);
    expect(cautious.body.jobs).toEqual([]);
    expect(cautious.body.skipped).toEqual([
      { pluginId: 'acme.base', reason: '1.0.0 → 2.0.0 is a breaking update: send allowBreaking: true to take it' },
      { pluginId: 'acme.addon', reason: expect.stringMatching(/\^2\.0\.0.*1\.0\.0 is installed/) },
    ]);

    const bold = await call(ctx.server, 'post', '/install/updates', '/install/updates', { plugins: ['acme.base', 'acme.addon'], allowBreaking: true });
    expect(bold.body.skipped).toEqual([]);
    const byPlugin = new Map<string, InstallJob>(bold.body.jobs.map((j: InstallJob) => [j.pluginId, j]));
    expect([...byPlugin.keys()].sort()).toEqual(['acme.addon', 'acme.base']);
    expect(byPlugin.get('acme.base')).toMatchObject({ action: 'update', version: '2.0.0', batchId: bold.body.batchId });
    expect(byPlugin.get('acme.addon')).toMatchObject({ action: 'update', version: '1.1.0', batchId: bold.body.batchId, dependsOn: [byPlugin.get('acme.base')!.id] });
    for (const job of bold.body.jobs) expect(await finished(ctx.server, job.id)).toMatchObject({ state: 'done' });
  });

  it('answers a bad update request with a 400 naming the field, and makes no job', async () => {
    const before = await ctx.knex('install_jobs').count({ n: '*' });
    const cases: Array<[unknown, RegExp]> = [
      [{ plugins: ['acme.minor', 'acme.keeper'] }, /^Field 'plugins\[1\]': acme.keeper is not installed$/],
      [{ plugins: ['acme.minor', 'Not An Id'] }, /^Field 'plugins\[1\]': Plugin id must be lowercase/],
      [{ plugins: [] }, /Field 'plugins' must be a list of 1 to 100 plugin ids/],
      [{ plugins: 'acme.minor' }, /Field 'plugins' must be a list/],
      [{ allowBreaking: 'yes' }, /Field 'allowBreaking' must be true or false/],
      [{ everything: true }, /unknown field 'everything'/],
    ];
    for (const [body, message] of cases) {
      const res = await call(ctx.server, 'post', '/install/updates', '/install/updates', body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
      expect(res.body.error.message).toMatch(message);
    }
    expect(await ctx.knex('install_jobs').count({ n: '*' })).toEqual(before);
  });
});

describe('Install API without the install permission', () => {
  it('refuses installs with 403 and audits the refusal', async () => {
    const ctx = await start('SQLITE_3', { deny: marketplacePluginInstallPermission.name });
    try {
      const res = await call(ctx.server, 'post', '/install', '/install', { plugins: [{ pluginId: 'acme.hello' }] });
      expect(res.status).toBe(403);
      expect(ctx.audit).toEqual([{ eventId: 'plugin-install', outcome: `fail: Not allowed: ${marketplacePluginInstallPermission.name}`, meta: { plugins: ['acme.hello'] } }]);
      expect(await ctx.knex('install_jobs').select('id')).toEqual([]);

      const updates = await call(ctx.server, 'post', '/install/updates', '/install/updates', {});
      expect(updates.status).toBe(403);
      expect(ctx.audit[1]).toEqual({ eventId: 'plugin-update-bulk', outcome: `fail: Not allowed: ${marketplacePluginInstallPermission.name}`, meta: { plugins: 'every update', allowBreaking: false } });
    } finally {
      await ctx.registry.stop();
    }
  });
});
