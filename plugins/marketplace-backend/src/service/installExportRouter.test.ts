import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { marketplacePluginInstallPermission, marketplacePluginReadPermission } from '@internal/backstage-plugin-marketplace-common';
import { ListingInput } from '@internal/backstage-plugin-marketplace-node';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { responseProblems } from '../__testUtils__/openapi';
import { databases } from '../__testUtils__/storage';
import { listingsModule, permissionsDenying, recordingAuditor } from '../__testUtils__/services';
import { BOARD_CONFIG, EXPORT_FILES, exportListings, repoWithRealFiles, run } from '../install/export/__testUtils__/exportFixtures';
import { marketplacePlugin } from '../plugin';

jest.setTimeout(120_000);

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map(dir => rm(dir, { recursive: true, force: true }))));

const listings: ListingInput[] = exportListings.map(({ spec, packages, versions, downloadsMonthly }) => ({ spec, packages, versions, downloadsMonthly }));

const testListings = listingsModule('export-test-listings', listings);


async function start(databaseId: string, options: { deny?: string } = {}) {
  const knex = await databases.init(databaseId as 'SQLITE_3');
  const dir = await mkdtemp(join(tmpdir(), 'install-export-router-'));
  dirs.push(dir);
  const repo = await repoWithRealFiles(dirs);
  const { audit, factory: auditorFactory } = recordingAuditor({ severity: true });
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
            sources: { seed: { enabled: false }, catalog: { enabled: false } },
            install: { storeDir: join(dir, 'store'), export: { rootDirectory: repo } },
          },
        },
      }),
      catalogServiceMock.factory({ entities: [] }),
      mockServices.scheduler.factory({ includeInitialDelayedTasksOnStartup: true }),
      auditorFactory,
      ...(options.deny ? [permissionsDenying(options.deny)] : []),
    ],
  });
  return { server, dir, repo, audit, knex };
}

/** Calls POST /install/export and checks the answer against openapi.yaml. */
async function exportInstall(server: any, body: unknown) {
  const res = await request(server).post('/api/marketplace/install/export').send(body as object);
  expect(responseProblems('/install/export', res.status, res.body, 'post')).toEqual([]);
  return res;
}

const BODY = {
  plugins: [{ pluginId: 'acme.board' }, { pluginId: 'acme.counter' }, { pluginId: 'acme.handmade' }],
  config: { 'acme.board': BOARD_CONFIG },
};

describe.each(databases.eachSupportedId())('POST /install/export on %s', databaseId => {
  let ctx: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    ctx = await start(databaseId);
  });

  it('answers with a patch that git apply accepts, changes nothing, and audits at low severity', async () => {
    const before = await Promise.all(EXPORT_FILES.map(path => readFile(join(ctx.repo, path), 'utf8')));
    const res = await exportInstall(ctx.server, BODY);
    expect(res.status).toBe(200);
    expect(res.body.files.map((f: { path: string }) => f.path)).toEqual(EXPORT_FILES);
    expect(res.body.summary).toMatch(/Counter 1\.0\.0 runs in the marketplace's sandbox/);

    expect(await Promise.all(EXPORT_FILES.map(path => readFile(join(ctx.repo, path), 'utf8')))).toEqual(before);
    expect(existsSync(join(ctx.dir, 'app-config.marketplace.yaml'))).toBe(false);
    expect(await ctx.knex('install_jobs').select('id')).toEqual([]);
    expect(await ctx.knex('installations').select('plugin_id')).toEqual([]);
    expect(ctx.audit).toContainEqual({
      eventId: 'plugin-install-export',
      severityLevel: 'low',
      outcome: 'success',
      meta: { plugins: ['acme.board', 'acme.counter', 'acme.handmade'], files: EXPORT_FILES },
    });

    const patch = join(ctx.dir, 'board.patch');
    await writeFile(patch, res.body.patch);
    await run('git', ['apply', '--check', patch], { cwd: ctx.repo });
    await run('git', ['apply', patch], { cwd: ctx.repo });
    expect(parse(await readFile(join(ctx.repo, 'app-config.yaml'), 'utf8')).board).toEqual(BOARD_CONFIG.board);
    expect(JSON.parse(await readFile(join(ctx.repo, 'packages/backend/package.json'), 'utf8')).dependencies['@acme/plugin-board-backend']).toBe('1.2.0');

    // Read at request time: the next export sees the applied change and has nothing left to do.
    const again = await exportInstall(ctx.server, BODY);
    expect(again.body).toMatchObject({ files: [], patch: '' });
  });

  it('answers a configuration mistake with a 400 naming the field', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ plugins: [{ pluginId: 'acme.board' }], config: { 'acme.board': { board: { token: 'plain-text-token' } } } }, /^Field 'config\.acme\.board\.board\.token': /],
      [{ plugins: [{ pluginId: 'acme.board' }], config: { 'acme.board': { board: { baseUrl: 5 } } } }, /^Field 'config\.acme\.board\.board\.baseUrl': /],
      [{ plugins: [{ pluginId: 'acme.board', version: 'not a range' }] }, /'plugins\[0\]\.version'/],
      [{ plugins: [{ pluginId: 'acme.board' }], extra: true }, /unknown field 'extra'/],
    ];
    for (const [body, message] of cases) {
      const res = await exportInstall(ctx.server, body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('answers with a 409 when there is no plan, or when a file it needs is missing', async () => {
    const unknown = await exportInstall(ctx.server, { plugins: [{ pluginId: 'acme.nothing' }] });
    expect(unknown.status).toBe(409);
    expect(unknown.body.error.message).toMatch(/^The plugins cannot be installed: /);

    const config = join(ctx.repo, 'app-config.yaml');
    await rename(config, `${config}.away`);
    try {
      const missing = await exportInstall(ctx.server, BODY);
      expect(missing.status).toBe(409);
      expect(missing.body.error.message).toMatch(/^app-config\.yaml is not in this backend's copy of the repository/);
    } finally {
      await rename(`${config}.away`, config);
    }
    expect(ctx.audit.filter(a => a.eventId === 'plugin-install-export' && a.outcome.startsWith('fail')).map(a => a.outcome)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^fail: The plugins cannot be installed/), expect.stringMatching(/^fail: app-config\.yaml is not in/)]),
    );
  });
});

describe('POST /install/export with only the read permission', () => {
  it('exports for someone who may not install, and refuses someone who may not read', async () => {
    const reader = await start('SQLITE_3', { deny: marketplacePluginInstallPermission.name });
    expect((await exportInstall(reader.server, BODY)).status).toBe(200);
    const stranger = await start('SQLITE_3', { deny: marketplacePluginReadPermission.name });
    const refused = await exportInstall(stranger.server, BODY);
    expect(refused.status).toBe(403);
    expect(stranger.audit).toEqual([
      expect.objectContaining({ eventId: 'plugin-install-export', outcome: `fail: Not allowed: ${marketplacePluginReadPermission.name}` }),
    ]);
  });
});
