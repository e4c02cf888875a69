import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { marketplaceConfigurePermission } from '@internal/backstage-plugin-marketplace-common';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { marketplacePlugin } from '../plugin';
import { responseProblems } from '../__testUtils__/openapi';
import { databases } from '../__testUtils__/storage';
import { recordingAuditor } from '../__testUtils__/services';

jest.setTimeout(60_000);

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map(dir => rm(dir, { recursive: true, force: true }))));

/** Reads are allowed; configuring is not. */
const readOnlyPermissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    authorize: async (requests: any[]) => requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    authorizeConditional: async (requests: any[]) =>
      requests.map(r => ({
        result: r.permission.name === marketplaceConfigurePermission.name ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
      })),
  }) as any,
});

/** The marketplace with its first-party listings only, a managed file in a temporary directory. */
async function start(databaseId: string, extra: any[] = []) {
  const knex = await databases.init(databaseId as 'SQLITE_3');
  const dir = await mkdtemp(join(tmpdir(), 'config-router-'));
  dirs.push(dir);
  const path = join(dir, 'app-config.marketplace.yaml');
  const { audit, factory: auditorFactory } = recordingAuditor();
  const { server } = await startTestBackend({
    features: [
      marketplacePlugin,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          marketplace: {
            managedConfig: { path },
            sources: { seed: { enabled: false }, catalog: { enabled: false } },
          },
        },
      }),
      catalogServiceMock.factory({ entities: [] }),
      mockServices.scheduler.factory({ includeInitialDelayedTasksOnStartup: true }),
      auditorFactory,
      ...extra,
    ],
  });
  const now = new Date().toISOString();
  await knex('installations').insert(
    ['marketplace.aika', 'marketplace.soundcheck'].map(pluginId => ({
      plugin_id: pluginId,
      version: '0.1.0',
      status: 'installed',
      installed_at: now,
      updated_at: now,
    })),
  );
  return { server, path, audit };
}

/** Sends a request and checks the answer against openapi.yaml. */
async function call(server: any, method: 'get' | 'post' | 'put', path: string, url: string, body?: unknown) {
  const res = await request(server)[method](`/api/marketplace${url}`).send(body as object);
  expect(responseProblems(path, res.status, res.body, method)).toEqual([]);
  return res;
}

const AIKA = {
  aika: {
    model: { provider: 'openai-compatible', baseUrl: 'https://llm.acme.example/v1', apiKey: '${AIKA_API_KEY}' },
  },
};

describe.each(databases.eachSupportedId())('configuration API on %s', databaseId => {
  let server: any;
  let path: string;
  let audit: Awaited<ReturnType<typeof start>>['audit'];
  beforeAll(async () => {
    ({ server, path, audit } = await start(databaseId));
  });

  it("serves a plugin's form, validates its configuration and previews the managed file", async () => {
    const form = await call(server, 'get', '/plugins/{id}/configuration', '/plugins/marketplace.aika/configuration');
    expect(form.status).toBe(200);
    expect(form.body.steps.map((s: any) => s.id)).toEqual(['aika.model']);
    expect(form.body.uiSchema.aika.model.apiKey['ui:options']).toEqual({ secret: true, envVar: 'AIKA_API_KEY' });

    const invalid = await call(server, 'post', '/plugins/{id}/configuration/validate', '/plugins/marketplace.aika/configuration/validate', {
      config: { aika: { model: { provider: 'openai-compatible' } } },
    });
    expect(invalid.status).toBe(200);
    expect(invalid.body.errors.map((e: any) => e.path).sort()).toEqual(['/aika/model/apiKey', '/aika/model/baseUrl']);

    const preview = await call(server, 'post', '/plugins/{id}/configuration/preview', '/plugins/marketplace.aika/configuration/preview', {
      config: AIKA,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.validation).toEqual({ valid: true, errors: [] });
    expect(preview.body.diff).toContain('+    apiKey: ${AIKA_API_KEY}');
  });

  it('saves a plugin part and the raw YAML as revisions, lists them, and rolls back', async () => {
    const perPlugin = await call(server, 'put', '/config', '/config', {
      pluginId: 'marketplace.aika',
      config: AIKA,
      message: 'Connect AiKA to the LLM gateway',
      baseRevision: 0,
    });
    expect(perPlugin.status).toBe(200);
    expect(perPlugin.body).toMatchObject({ revision: 1, author: 'user:default/mock', message: 'Connect AiKA to the LLM gateway' });

    const current = await call(server, 'get', '/config', '/config');
    expect(current.body).toMatchObject({ revision: 1, loaded: false });
    expect(current.body.yaml).toContain('apiKey: ${AIKA_API_KEY}');

    const raw = await call(server, 'put', '/config', '/config', {
      yaml: `${current.body.yaml}soundcheck:\n  certificationThreshold: 90\n`,
      baseRevision: 1,
    });
    expect(raw.body).toMatchObject({ revision: 2, message: 'Edited the managed config' });

    const stale = await call(server, 'put', '/config', '/config', { yaml: 'app: {}\n', baseRevision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/changed since revision 1: it is at revision 2/);

    const list = await call(server, 'get', '/config/revisions', '/config/revisions?limit=10');
    expect(list.body.items.map((r: any) => r.revision)).toEqual([2, 1]);
    const one = await call(server, 'get', '/config/revisions/{revision}', '/config/revisions/1');
    expect(one.body.yaml).toBe(current.body.yaml);

    const rollback = await call(server, 'post', '/config/revisions/{revision}/rollback', '/config/revisions/1/rollback', {
      message: 'Back to the gateway only',
    });
    expect(rollback.body).toMatchObject({ revision: 3, rollbackOf: 1, message: 'Back to the gateway only' });
    expect(await readFile(path, 'utf8')).toMatch(/^# Managed by the Backstage marketplace, revision 3\.[^\n]*\naika:/);

    const missing = await call(server, 'post', '/config/revisions/{revision}/rollback', '/config/revisions/42/rollback', {});
    expect(missing.status).toBe(404);
  });

  it('answers bad input with a 400 that names the field or the line', async () => {
    const { revision } = (await call(server, 'get', '/config', '/config')).body;
    const cases: Array<[string, 'get' | 'post' | 'put', string, unknown, RegExp]> = [
      ['/config', 'put', '/config', { yaml: 1, baseRevision: revision }, /'yaml' must be a string/],
      ['/config', 'put', '/config', { yaml: 'a: 1\n' }, /'baseRevision' must be a whole number/],
      ['/config', 'put', '/config', { yaml: 'a: 1\n', baseRevision: -1 }, /'baseRevision'/],
      ['/config', 'put', '/config', { pluginId: 'marketplace.aika', config: [], baseRevision: revision }, /'config' must be a JSON object/],
      ['/config', 'put', '/config', { pluginId: 'Not An Id', config: {}, baseRevision: revision }, /Plugin id must be lowercase/],
      ['/config', 'put', '/config', { yaml: 'a: 1\n', message: 7, baseRevision: revision }, /'message' must be a string/],
      ['/config', 'put', '/config', { yaml: 'a: 1\n', pluginId: 'marketplace.aika', baseRevision: revision }, /either 'yaml'/],
      [
        '/config',
        'put',
        '/config',
        { yaml: 'aika:\n  model:\n    apiKey: sk-live-123\n', baseRevision: revision },
        /\/aika\/model\/apiKey \(line 3\): is a secret: .*\$\{AIKA_API_KEY\}/,
      ],
      ['/config', 'put', '/config', { yaml: 'soundcheck:\n  certificationThreshold: 120\n', baseRevision: revision }, /\/soundcheck\/certificationThreshold \(line 2\): must be <= 100/],
      ['/config', 'put', '/config', { yaml: 'a:\n  b: [1\nc: 2\n', baseRevision: revision }, /\(line 3\): YAML syntax/],
      [
        '/config',
        'put',
        '/config',
        { pluginId: 'marketplace.aika', config: { rbac: {} }, baseRevision: revision },
        /\/rbac: is not part of AiKA's configuration/,
      ],
      ['/config/validate', 'post', '/config/validate', {}, /'yaml' must be a string/],
      ['/config/revisions/{revision}', 'get', '/config/revisions/first', undefined, /Revision must be a whole number/],
      ['/config/revisions', 'get', '/config/revisions?limit=0', undefined, /'limit' must be a whole number from 1 to 200/],
      ['/plugins/{id}/configuration/validate', 'post', '/plugins/marketplace.aika/configuration/validate', { config: 'x' }, /'config'/],
      ['/plugins/{id}/configuration', 'get', '/plugins/Bad%20Id/configuration', undefined, /Plugin id must be lowercase/],
    ];
    for (const [doc, method, url, body, message] of cases) {
      const res = await call(server, method, doc, url, body);
      expect([url, JSON.stringify(body), res.status]).toEqual([url, JSON.stringify(body), 400]);
      expect(res.body.error.message).toMatch(message);
      expect(res.body.error.message).not.toContain('sk-live-123');
    }
    expect((await call(server, 'get', '/config', '/config')).body.revision).toBe(revision);
    const unknown = await call(server, 'get', '/plugins/{id}/configuration', '/plugins/nobody.nothing/configuration');
    expect(unknown.status).toBe(404);
  });

  it('validates a whole file with lines, without saving it', async () => {
    const res = await call(server, 'post', '/config/validate', '/config/validate', {
      yaml: 'soundcheck:\n  schedule:\n    frequencyMinutes: often\n',
    });
    expect(res.body).toEqual({
      valid: false,
      errors: [{ path: '/soundcheck/schedule/frequencyMinutes', message: 'must be number', line: 3 }],
    });
  });
  it('saves several plugins\' parts as one revision and says which changed', async () => {
    const { revision, yaml } = (await call(server, 'get', '/config', '/config')).body;
    const plugins = {
      'marketplace.aika': { aika: { model: { ...AIKA.aika.model, baseUrl: 'https://llm2.acme.example/v1' } } },
      'marketplace.soundcheck': { soundcheck: { certificationThreshold: 80 } },
    };
    const saved = await call(server, 'put', '/config/plugins', '/config/plugins', {
      baseRevision: revision,
      message: 'Move AiKA, tune Soundcheck',
      plugins,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      revision: revision + 1,
      appliedLive: false,
      plugins: [
        { pluginId: 'marketplace.aika', changed: true },
        { pluginId: 'marketplace.soundcheck', changed: true },
      ],
    });

    const list = await call(server, 'get', '/config/revisions', '/config/revisions?limit=2');
    expect(list.body.items[0]).toMatchObject({ revision: revision + 1, message: 'Move AiKA, tune Soundcheck', author: 'user:default/mock' });
    expect(list.body.items[1].revision).toBe(revision);
    expect(list.body.items[0].diff).toContain('+    baseUrl: https://llm2.acme.example/v1');
    expect(list.body.items[0].diff).toContain('+  certificationThreshold: 80');
    const file = await readFile(path, 'utf8');
    expect(file).toContain('baseUrl: https://llm2.acme.example/v1');
    expect(file).toContain('certificationThreshold: 80');
    expect(file).not.toBe(yaml);

    // The same parts again, made on the latest revision: nothing changes, no revision is added.
    const again = await call(server, 'put', '/config/plugins', '/config/plugins', { plugins });
    expect(again.body).toEqual({
      revision: revision + 1,
      appliedLive: false,
      plugins: [
        { pluginId: 'marketplace.aika', changed: false },
        { pluginId: 'marketplace.soundcheck', changed: false },
      ],
    });
    expect(audit.filter(a => a.eventId === 'plugin-config-bulk')).toEqual([
      {
        eventId: 'plugin-config-bulk',
        outcome: 'success',
        meta: { plugins: ['marketplace.aika', 'marketplace.soundcheck'], baseRevision: revision, revision: revision + 1, changed: ['marketplace.aika', 'marketplace.soundcheck'] },
      },
      {
        eventId: 'plugin-config-bulk',
        outcome: 'success',
        meta: { plugins: ['marketplace.aika', 'marketplace.soundcheck'], revision: revision + 1, changed: [] },
      },
    ]);
  });

  it('answers a mistake in any plugin\'s part with a 400 naming plugins.<id>.<path>, and writes nothing', async () => {
    const { revision, yaml } = (await call(server, 'get', '/config', '/config')).body;
    const before = await readFile(path, 'utf8');
    const aika = { aika: { model: { ...AIKA.aika.model, baseUrl: 'https://llm3.acme.example/v1' } } };
    const cases: Array<[unknown, RegExp]> = [
      [
        { plugins: { 'marketplace.aika': aika, 'marketplace.soundcheck': { soundcheck: { certificationThreshold: 120 } } } },
        /^Field 'plugins\.marketplace\.soundcheck\.soundcheck\.certificationThreshold': must be <= 100$/,
      ],
      [
        { plugins: { 'marketplace.aika': { aika: { model: { ...AIKA.aika.model, apiKey: 'sk-live-123' } } } } },
        /^Field 'plugins\.marketplace\.aika\.aika\.model\.apiKey': is a secret: .*\$\{AIKA_API_KEY\}/,
      ],
      [{ plugins: { 'marketplace.aika': aika, 'nobody.nothing': {} } }, /^Field 'plugins\.nobody\.nothing': no plugin nobody\.nothing in the marketplace$/],
      [{ plugins: { 'marketplace.aika': { rbac: {} } } }, /Field 'plugins\.marketplace\.aika\.rbac': is not part of AiKA's configuration/],
      [{ plugins: { 'Not An Id': {} } }, /Field 'plugins\.Not An Id': Plugin id must be lowercase/],
      [{ plugins: { 'marketplace.aika': [] } }, /Field 'plugins\.marketplace\.aika' must be an object/],
      [{ plugins: {} }, /Field 'plugins' must be an object of 1 to 100/],
      [{ plugins: { 'marketplace.aika': aika }, pluginId: 'marketplace.aika' }, /unknown field 'pluginId'/],
      [{ plugins: { 'marketplace.aika': aika }, baseRevision: 'latest' }, /'baseRevision' must be a whole number/],
    ];
    for (const [body, message] of cases) {
      const res = await call(server, 'put', '/config/plugins', '/config/plugins', body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
      expect(res.body.error.message).toMatch(message);
      expect(res.body.error.message).not.toContain('sk-live-123');
    }
    expect((await call(server, 'get', '/config', '/config')).body).toMatchObject({ revision, yaml });
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('refuses a bulk change made on a revision the file has moved on from', async () => {
    const { revision, yaml } = (await call(server, 'get', '/config', '/config')).body;
    const stale = await call(server, 'put', '/config/plugins', '/config/plugins', {
      baseRevision: revision - 1,
      plugins: { 'marketplace.soundcheck': { soundcheck: { certificationThreshold: 70 } } },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(`changed since revision ${revision - 1}: it is at revision ${revision}`);
    expect((await call(server, 'get', '/config', '/config')).body).toMatchObject({ revision, yaml });
  });
});

describe('configuration API access', () => {
  it('lets readers see forms but refuses the managed config to callers without the configure permission', async () => {
    const { server } = await start('SQLITE_3', [readOnlyPermissions]);

    expect((await call(server, 'get', '/plugins/{id}/configuration', '/plugins/marketplace.aika/configuration')).status).toBe(200);
    const refused: Array<[string, 'get' | 'post' | 'put', string, unknown]> = [
      ['/config', 'get', '/config', undefined],
      ['/config', 'put', '/config', { yaml: 'app: {}\n', baseRevision: 0 }],
      ['/config/validate', 'post', '/config/validate', { yaml: 'app: {}\n' }],
      ['/config/revisions', 'get', '/config/revisions', undefined],
      ['/config/revisions/{revision}/rollback', 'post', '/config/revisions/1/rollback', {}],
      ['/config/plugins', 'put', '/config/plugins', { plugins: { 'marketplace.aika': AIKA } }],
      ['/plugins/{id}/configuration/preview', 'post', '/plugins/marketplace.aika/configuration/preview', { config: AIKA }],
    ];
    for (const [doc, method, url, body] of refused) {
      const res = await call(server, method, doc, url, body);
      expect([url, res.status]).toEqual([url, 403]);
      expect(res.body.error.message).toBe('Not allowed: marketplace.plugin.configure');
    }
  });
});
