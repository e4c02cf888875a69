import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DefaultDependencyResolver,
  dependencyResolverServiceRef,
  HttpPluginUniverse,
  ListingInput,
} from '@internal/backstage-plugin-marketplace-node';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import request from 'supertest';
import { marketplacePlugin } from '../plugin';
import { makeListing } from '../__testUtils__/listings';
import { responseProblems } from '../__testUtils__/openapi';
import { databases } from '../__testUtils__/storage';
import { listingsModule } from '../__testUtils__/services';

jest.setTimeout(60_000);

const APP_VERSION: string = JSON.parse(
  readFileSync(resolve(__dirname, '../../../../backstage.json'), 'utf8'),
).version;
const CATALOG_REACT = '@backstage/plugin-catalog-react';

function dep(pkg: string, name: string, range: string, kind: 'dependency' | 'peer' = 'dependency') {
  return { package: pkg, name, range, kind };
}

function input(listing: ReturnType<typeof makeListing>): ListingInput {
  const { spec, packages, versions, downloadsMonthly } = listing;
  return { spec, packages, versions, downloadsMonthly };
}

/**
 * Listings with releases and dependencies, beside the real seeded ones: the
 * radar needs the seeded Catalog's React package; its newest release needs
 * a Backstage newer than this app.
 */
const listings: ListingInput[] = [
  input(
    makeListing('test.radar', {
      source: 'npm',
      spec: { version: '2.1.0' },
      versions: [
        {
          version: '2.1.0',
          backstageVersion: '>=1.60.0',
          dependencies: [dep('@test/plugin-radar', CATALOG_REACT, '^3.0.0', 'peer'), dep('@test/plugin-radar', 'react', '^18.0.0', 'peer')],
        },
        { version: '1.9.5', backstageVersion: '>=1.50.0', dependencies: [dep('@test/plugin-radar', CATALOG_REACT, '^3.0.0', 'peer')] },
        { version: '1.9.0', backstageVersion: '>=1.50.0', dependencies: [dep('@test/plugin-radar', CATALOG_REACT, '^3.0.0', 'peer')] },
      ],
    }),
  ),
  input(
    makeListing('test.lighthouse', {
      source: 'npm',
      versions: [{ version: '1.0.0', dependencies: [dep('@test/plugin-lighthouse', '@test/plugin-radar', '^2.0.0')] }],
    }),
  ),
  input(
    makeListing('test.radar-extra', {
      source: 'npm',
      packages: [{ name: '@test/plugin-radar-backend-module-extra', role: 'backend-plugin-module', version: '1.0.0' }],
      versions: [
        {
          version: '1.0.0',
          dependencies: [dep('@test/plugin-radar-backend-module-extra', '@test/plugin-radar-backend', '>=1.9.0', 'peer')],
        },
      ],
    }),
  ),
];

const planningListings = listingsModule('planning-test-listings', listings);


/** Another backend plugin that plans through the service ref's default, over HTTP. */
const consumer = createBackendPlugin({
  pluginId: 'consumer',
  register(env) {
    env.registerInit({
      deps: { resolver: dependencyResolverServiceRef, httpRouter: coreServices.httpRouter },
      async init({ resolver, httpRouter }) {
        httpRouter.use(async (req, res, next) => {
          if (req.path !== '/plan') return next();
          return res.json(await resolver.plan({ plugins: [{ pluginId: String(req.query.pluginId) }] }));
        });
        httpRouter.addAuthPolicy({ path: '/plan', allow: 'unauthenticated' });
      },
    });
  },
});

async function start(databaseId: string) {
  const knex = await databases.init(databaseId as 'SQLITE_3');
  const { server } = await startTestBackend({
    features: [
      marketplacePlugin,
      planningListings,
      consumer,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities: [] }),
      // Run the registry sources once, before the backend reports started.
      mockServices.scheduler.factory({ includeInitialDelayedTasksOnStartup: true }),
    ],
  });
  return { server, knex };
}

/** Calls the API and checks the answer against openapi.yaml for `path`. */
async function call(server: any, method: 'get' | 'post', path: string, url = path, body?: unknown) {
  const req = request(server)[method](`/api/marketplace${url}`);
  const res = body === undefined ? await req : await req.send(body as object);
  expect(responseProblems(path, res.status, res.body, method)).toEqual([]);
  return res;
}

describe.each(databases.eachSupportedId())('Install planning API on %s', databaseId => {
  let server: any;
  let knex: any;
  beforeAll(async () => {
    ({ server, knex } = await start(databaseId));
  });

  it('explains a release that needs a newer Backstage, and names the one that fits', async () => {
    const res = await call(server, 'post', '/install/plan', '/install/plan', {
      plugins: [{ pluginId: 'test.radar', version: '2.1.0' }],
    });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.problems).toEqual([
      {
        kind: 'backstage-incompatible',
        severity: 'error',
        pluginId: 'test.radar',
        message: `Plugin radar 2.1.0 needs Backstage >=1.60.0; this app is ${APP_VERSION}`,
        suggestion: 'Plugin radar 1.9.5 fits: install that version instead',
        involves: ['test.radar'],
      },
    ]);
  });

  it('plans the newest release that fits with the seeded plugin it needs, dependencies first', async () => {
    const res = await call(server, 'post', '/install/plan', '/install/plan', { plugins: [{ pluginId: 'test.radar' }] });
    expect(res.body.ok).toBe(true);
    expect(res.body.backstageVersion).toBe(APP_VERSION);
    expect(res.body.plugins.map((p: any) => [p.pluginId, p.version, p.action, p.reason])).toEqual([
      ['backstage.catalog', '2.0.9', 'install', 'dependency'],
      ['test.radar', '1.9.5', 'install', 'requested'],
    ]);
    expect(res.body.packages).toContainEqual({
      name: CATALOG_REACT,
      version: '3.2.3',
      role: 'web-library',
      pluginId: 'backstage.catalog',
    });

    const blocked = await call(server, 'post', '/install/plan', '/install/plan', { plugins: [{ pluginId: 'test.lighthouse' }] });
    expect(blocked.body.problems.map((p: any) => [p.kind, p.message])).toEqual([
      ['backstage-incompatible', `Plugin lighthouse 1.0.0 needs Plugin radar ^2.0.0; Plugin radar 2.1.0 needs Backstage >=1.60.0; this app is ${APP_VERSION}`],
    ]);
  });

  it('analyses a plugin: dependencies, what extends it, and what is installed', async () => {
    const res = await call(server, 'get', '/plugins/{id}/analysis', '/plugins/test.radar/analysis');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      pluginId: 'test.radar',
      version: '1.9.5',
      direct: [{ pluginId: 'backstage.catalog', range: '^3.0.0', kind: 'peer', requiredBy: 'test.radar', resolvedVersion: '2.0.9' }],
      conflicts: [],
      missing: [],
      recommendations: [{ pluginId: 'test.radar-extra', reason: 'Plugin radar-extra is a module that extends Plugin radar' }],
    });

    const older = await call(server, 'get', '/plugins/{id}/analysis', '/plugins/test.radar/analysis?version=2.1.0');
    expect(older.body.version).toBe('2.1.0');
    expect(older.body.conflicts.map((p: any) => p.kind)).toEqual(['backstage-incompatible']);

    const dependents = await call(server, 'get', '/plugins/{id}/dependents', '/plugins/test.radar/dependents');
    expect(dependents.body).toEqual({ pluginId: 'test.radar', items: ['test.lighthouse', 'test.radar-extra'] });
  });

  it('plans updates of the installed plugins and says what holds one back', async () => {
    const now = new Date().toISOString();
    await knex('installations').insert({ plugin_id: 'test.radar', version: '1.9.0', status: 'installed', installed_at: now, updated_at: now });
    try {
      const res = await call(server, 'get', '/install/updates', '/install/updates');
      expect(res.body.updates).toEqual([
        {
          pluginId: 'test.radar',
          from: '1.9.0',
          to: '1.9.5',
          breaking: false,
          heldBackBy: `Plugin radar 2.1.0 needs Backstage >=1.60.0; this app is ${APP_VERSION}`,
        },
      ]);

      const keep = await call(server, 'post', '/install/plan', '/install/plan', { plugins: [{ pluginId: 'test.radar-extra' }] });
      expect(keep.body.plugins.map((p: any) => [p.pluginId, p.action])).toEqual([
        ['test.radar', 'keep'],
        ['test.radar-extra', 'install'],
      ]);
    } finally {
      await knex('installations').where({ plugin_id: 'test.radar' }).delete();
    }
  });

  it('gives other backend plugins the same plans through dependencyResolverServiceRef', async () => {
    const local = await call(server, 'post', '/install/plan', '/install/plan', { plugins: [{ pluginId: 'test.lighthouse' }] });
    const remote = await request(server).get('/api/consumer/plan?pluginId=test.lighthouse');
    expect(remote.status).toBe(200);
    expect(remote.body).toEqual(local.body);
    expect(remote.body.problems[0].kind).toBe('backstage-incompatible');
  });

  it('serves the universe to resolvers in other backend plugins, which plan the same', async () => {
    const { port } = (server.address() as AddressInfo);
    const universe = HttpPluginUniverse.create({
      discovery: {
        getBaseUrl: async () => `http://localhost:${port}/api/marketplace`,
        getExternalBaseUrl: async () => `http://localhost:${port}/api/marketplace`,
      },
      auth: mockServices.auth(),
    });
    const remote = DefaultDependencyResolver.create({ universe });
    const local = await call(server, 'post', '/install/plan', '/install/plan', { plugins: [{ pluginId: 'test.radar' }] });
    expect(await remote.plan({ plugins: [{ pluginId: 'test.radar' }] })).toEqual(local.body);

    const owners = await call(server, 'post', '/planning/package-owners', '/planning/package-owners', {
      names: [CATALOG_REACT, 'react'],
    });
    expect(owners.body).toEqual({ owners: { [CATALOG_REACT]: 'backstage.catalog' } });
    const plugins = await call(server, 'post', '/planning/plugins', '/planning/plugins', { ids: ['test.radar', 'nobody.none'] });
    expect(plugins.body.items.map((p: any) => [p.id, p.versions.map((v: any) => v.version).sort()])).toEqual([
      ['test.radar', ['1.9.0', '1.9.5', '2.1.0']],
    ]);
    const closure = await call(server, 'post', '/planning/plugins', '/planning/plugins', { ids: ['test.lighthouse'], closure: true });
    expect(closure.body.items.map((p: any) => p.id).sort()).toEqual(['backstage.catalog', 'test.lighthouse', 'test.radar']);
  });

  it('answers bad input with a 400 that names the field, and unknown plugins with a 404', async () => {
    const cases: Array<[string, 'get' | 'post', string, unknown, RegExp]> = [
      ['/install/plan', 'post', '/install/plan', { plugins: [] }, /Field 'plugins' must be a list of 1 to 100/],
      ['/install/plan', 'post', '/install/plan', { plugins: [{ pluginId: 'test.radar' }], force: true }, /unknown field 'force'/],
      ['/install/plan', 'post', '/install/plan', { plugins: [{ pluginId: 'test.radar', version: 'newest' }] }, /'plugins\[0\].version' must be a semver version or range/],
      ['/install/plan', 'post', '/install/plan', { plugins: [{ pluginId: 'Not An Id' }] }, /'plugins\[0\].pluginId': Plugin id must be lowercase/],
      ['/install/plan', 'post', '/install/plan', { plugins: [{ pluginId: 'test.radar', pin: true }] }, /'plugins\[0\]': unknown field 'pin'/],
      ['/install/plan', 'post', '/install/plan', { plugins: [{ pluginId: 'test.radar' }], allowPrerelease: 'yes' }, /'allowPrerelease' must be true or false/],
      ['/install/updates', 'get', '/install/updates?prerelease=maybe', undefined, /'prerelease' must be true or false/],
      ['/plugins/{id}/analysis', 'get', '/plugins/test.radar/analysis?version=%3Cscript%3E', undefined, /'version' is not a version/],
      ['/planning/plugins', 'post', '/planning/plugins', { ids: 'test.radar' }, /'ids' must be a list/],
    ];
    for (const [path, method, url, body, message] of cases) {
      const res = await call(server, method, path, url, body);
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.body.error.message).toMatch(message);
    }
    const unknown = await call(server, 'get', '/plugins/{id}/analysis', '/plugins/nobody.nothing/analysis');
    expect(unknown.status).toBe(404);
    const version = await call(server, 'get', '/plugins/{id}/analysis', '/plugins/test.radar/analysis?version=0.0.1');
    expect(version.status).toBe(404);
    expect(version.body.error.message).toBe("Plugin 'test.radar' has no version 0.0.1");
  });
});

describe('Install planning API under malformed requests', () => {
  it('never answers with a 5xx', async () => {
    const { server } = await startTestBackend({
      features: [marketplacePlugin, mockServices.scheduler.factory({ includeInitialDelayedTasksOnStartup: true })],
    });
    const nasty: unknown[] = [
      '', ' ', '*', '💥', 'a'.repeat(5000), '>=1.0.0 <0.0.1', '^1.0.0 || ', 'x.y.z', null, 0, -1, true, [], {},
      'backstage.catalog', '__proto__', '../../etc/passwd', '1.0.0-next.1', `>=${'1.'.repeat(100)}`,
    ];
    const bodies: unknown[] = [
      null, 'plan', [], {}, { plugins: null }, { plugins: {} }, JSON.parse('{"__proto__": {"plugins": []}}'),
      ...nasty.flatMap(value => [
        { plugins: [{ pluginId: value }] },
        { plugins: [{ pluginId: 'backstage.catalog', version: value }] },
        { plugins: [{ pluginId: 'backstage.catalog' }], allowPrerelease: value },
        { plugins: [value] },
      ]),
    ];
    for (const body of bodies) {
      const res = await request(server).post('/api/marketplace/install/plan').send(body as object);
      expect([JSON.stringify(body).slice(0, 80), res.status < 500]).toEqual([JSON.stringify(body).slice(0, 80), true]);
    }
    for (const value of nasty.filter((v): v is string => typeof v === 'string')) {
      const q = encodeURIComponent(value);
      for (const url of [`/plugins/${q}/analysis`, `/plugins/backstage.catalog/analysis?version=${q}&prerelease=${q}`, `/install/updates?prerelease=${q}`, `/plugins/${q}/dependents?limit=${q}`]) {
        const res = await request(server).get(`/api/marketplace${url}`);
        expect([url, res.status < 500]).toEqual([url, true]);
      }
    }
  });
});

describe('Install planning API access', () => {
  it('refuses callers without the read permission', async () => {
    const { server } = await startTestBackend({
      features: [marketplacePlugin, mockServices.permissions.factory({ result: AuthorizeResult.DENY })],
    });
    const res = await request(server).post('/api/marketplace/install/plan').send({ plugins: [{ pluginId: 'test.radar' }] });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Not allowed: marketplace.plugin.read');
    expect(responseProblems('/install/plan', 403, res.body, 'post')).toEqual([]);
    expect((await request(server).get('/api/marketplace/install/updates')).status).toBe(403);
  });
});
