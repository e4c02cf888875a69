import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { marketplacePlugin } from '../plugin';
import { responseProblems } from '../__testUtils__/openapi';
import { eachStorage, storageFeatures } from '../__testUtils__/storage';

jest.setTimeout(60_000);

async function startWithSeed(databaseId: string, cacheId: string) {
  const { server } = await startTestBackend({
    features: [
      marketplacePlugin,
      ...(await storageFeatures(databaseId, cacheId)),
      catalogServiceMock.factory({ entities: [] }),
      // Run the registry sources once, before the backend reports started.
      mockServices.scheduler.factory({ includeInitialDelayedTasksOnStartup: true }),
    ],
  });
  return server;
}

/**
 * Waits until search by meaning has caught up with the registry: sources run
 * before the backend reports started, but embeddings are computed after each
 * run, in the background.
 */
async function semanticCaughtUp(server: any) {
  for (let waited = 0; ; waited += 100) {
    const { body } = await request(server).get('/api/marketplace/status');
    if (body.semanticIndex?.upToDate) return body.semanticIndex;
    if (waited > 60_000) throw new Error(`search by meaning did not catch up: ${JSON.stringify(body.semanticIndex)}`);
    await new Promise(done => setTimeout(done, 100));
  }
}

/** Calls GET `url` and checks the answer against openapi.yaml for `path`. */
async function get(server: any, path: string, url = path) {
  const res = await request(server).get(`/api/marketplace${url}`);
  expect(responseProblems(path, res.status, res.body)).toEqual([]);
  return res;
}

describe.each(eachStorage())('REST API on %s with the %s cache', (databaseId, cacheId) => {
  let server: any;
  beforeAll(async () => {
    server = await startWithSeed(databaseId, cacheId);
  });

  it('lists the seeded plugins a page at a time, most downloaded first', async () => {
    const first = await get(server, '/plugins', '/plugins?limit=5');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(5);
    // 480 packages grouped into 267 seed plugins, plus the five first-party ones and three sandboxed examples.
    expect(first.body.totalCount).toBe(275);
    const downloads = first.body.items.map((i: any) => i.downloadsMonthly);
    expect(downloads).toEqual([...downloads].sort((a, b) => b - a));

    const second = await get(server, '/plugins', '/plugins?limit=5&offset=5');
    expect(second.body.items.map((i: any) => i.id)).not.toContain(first.body.items[0].id);

    const byName = await get(server, '/plugins', '/plugins?sort=name&limit=100');
    const names = byName.body.items.map((i: any) => i.name.toLowerCase());
    expect(names).toEqual([...names].sort((a: string, b: string) => Number(a > b) - Number(a < b)));
  });

  it('lists the five official plugins and the sandboxed examples as first-party', async () => {
    const res = await get(server, '/plugins', '/plugins?source=first-party&sort=name');
    expect(res.body.items.map((i: any) => i.name)).toEqual([
      'AiKA', 'Catalog Ownership Summary', 'Hello Counter', 'Insights', 'RBAC', 'Skill Exchange', 'Soundcheck', 'Status Checker',
    ]);
    expect(res.body.items.every((i: any) => i.firstParty)).toBe(true);
  });

  it('serves details, versions, dependencies, changelog and documentation', async () => {
    const details = await get(server, '/plugins/{id}', '/plugins/backstage.catalog');
    expect(details.status).toBe(200);
    expect(details.body.packages.map((p: any) => p.name)).toContain('@backstage/plugin-catalog-backend');
    expect(details.body.qualityMetrics.score).toBe(details.body.qualityScore);

    const versions = await get(server, '/plugins/{id}/versions', '/plugins/backstage.catalog/versions');
    expect(versions.body.items[0].version).toBe(details.body.version);

    const deps = await get(server, '/plugins/{id}/dependencies', '/plugins/marketplace.soundcheck/dependencies');
    expect(deps.body).toEqual({ pluginId: 'marketplace.soundcheck', version: '0.1.0', dependencies: [] });

    const changelog = await get(server, '/plugins/{id}/changelog', '/plugins/backstage.catalog/changelog');
    expect(changelog.body.origin).toBe('releases');
    expect(changelog.body.markdown).toContain(`## ${details.body.version}`);

    const docs = await get(server, '/plugins/{id}/documentation', '/plugins/marketplace.aika/documentation');
    expect(docs.body.readme).toMatch(/^# AiKA/);
  });

  it('counts plugins per category and reports the sources', async () => {
    const categories = await get(server, '/categories');
    const total = categories.body.items.reduce((n: number, c: any) => n + c.count, 0);
    const status = await get(server, '/status');
    expect(total).toBe(status.body.totalPlugins);
    expect(status.body.sources.map((s: any) => s.id).sort()).toEqual(['catalog', 'first-party', 'seed']);
    expect(status.body.sources.every((s: any) => s.lastSuccessAt && !s.lastError)).toBe(true);
    expect(await semanticCaughtUp(server)).toEqual({
      provider: expect.stringMatching(/^local-/),
      embedded: status.body.totalPlugins,
      total: status.body.totalPlugins,
      upToDate: true,
    });

    const issues = await get(server, '/status/{source}/issues', '/status/seed/issues');
    expect(issues.body).toEqual({ source: 'seed', items: [] });
    await get(server, '/installed');
  });

  it("tells the app's Backstage release, from the repository's backstage.json", async () => {
    const res = await get(server, '/environment');
    const { version } = JSON.parse(readFileSync(resolve(__dirname, '../../../../backstage.json'), 'utf8'));
    expect(res.body).toEqual({ backstageVersion: version });
  });

  it('answers bad input with a 400 that names the parameter', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['/plugins', '/plugins?limit=0', /'limit' must be a whole number from 1 to 100/],
      ['/plugins', '/plugins?sort=stars', /'sort' must be one of name, downloads/],
      ['/plugins', '/plugins?category=gardening', /'category' is not a known category/],
      ['/plugins', '/plugins?offset=-1', /'offset'/],
      ['/plugins', '/plugins?limit=1&limit=2', /'limit' must be given once/],
      ['/plugins/{id}', '/plugins/Not%20An%20Id', /Plugin id must be lowercase/],
      ['/plugins/{id}/dependencies', '/plugins/backstage.catalog/dependencies?version=%3Cscript%3E', /'version' is not a version/],
      ['/status/{source}/issues', '/status/elsewhere/issues', /Source must be one of/],
    ];
    for (const [path, url, message] of cases) {
      const res = await get(server, path, url);
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('runs a source on demand for admins', async () => {
    const res = await request(server).post('/api/marketplace/refresh?source=seed');
    expect(responseProblems('/refresh', res.status, res.body, 'post')).toEqual([]);
    expect(res.status).toBe(202);
    expect([...res.body.triggered, ...res.body.alreadyRunning]).toEqual(['seed']);

    const unknown = await request(server).post('/api/marketplace/refresh?source=elsewhere');
    expect(unknown.status).toBe(400);
    expect(responseProblems('/refresh', unknown.status, unknown.body, 'post')).toEqual([]);
  });

  it('finds the right real plugins although the words differ, with facets', async () => {
    await semanticCaughtUp(server);
    const oncall = await get(server, '/plugins/search', '/plugins/search?q=on-call%20incidents&limit=5');
    expect(oncall.status).toBe(200);
    const oncallIds = oncall.body.items.map((i: any) => i.id).join(' ');
    expect(oncallIds).toMatch(/pagerduty|opsgenie/);

    const cost = await get(server, '/plugins/search', '/plugins/search?q=cloud%20cost%20per%20team&limit=5');
    expect(cost.body.items.map((i: any) => i.id).join(' ')).toMatch(/cost-insights|opencost/);

    const filtered = await get(server, '/plugins/search', '/plugins/search?q=kubernetes&mode=text&category=infrastructure&limit=5');
    expect(filtered.body.items.length).toBeGreaterThan(0);
    expect(filtered.body.items.every((i: any) => i.category === 'infrastructure')).toBe(true);
    expect(filtered.body.facets.categories.length).toBeGreaterThan(0);

    const next = await get(server, '/plugins/search', `/plugins/search?mode=text&limit=5&cursor=${encodeURIComponent(
      (await get(server, '/plugins/search', '/plugins/search?mode=text&limit=5')).body.nextCursor,
    )}`);
    expect(next.body.items).toHaveLength(5);

    // The same matches, in the order the user asked for rather than by relevance.
    const relevant = await get(server, '/plugins/search', '/plugins/search?q=kubernetes&limit=100');
    const byName = await get(server, '/plugins/search', '/plugins/search?q=kubernetes&sort=name&limit=100');
    const names = byName.body.items.map((i: any) => i.name.toLowerCase());
    expect(names).toEqual([...names].sort((a: string, b: string) => Number(a > b) - Number(a < b)));
    expect(byName.body.items.map((i: any) => i.id).sort()).toEqual(relevant.body.items.map((i: any) => i.id).sort());
    expect(byName.body.totalCount).toBe(relevant.body.totalCount);

    const typo = await get(server, '/plugins/autocomplete', '/plugins/autocomplete?q=pagerdut');
    expect(typo.body.items.map((s: any) => s.label.toLowerCase()).join(' ')).toContain('pagerduty');

    const bad = await get(server, '/plugins/search', '/plugins/search?q=x&mode=magic');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/'mode' must be one of text, semantic, hybrid/);
  });

  it('records views and serves trending, popular, similar and recommendations', async () => {
    for (const pluginId of ['backstage.catalog', 'backstage.catalog', 'marketplace.soundcheck']) {
      const res = await request(server).post('/api/marketplace/events').send({ pluginId, type: 'view' });
      expect(responseProblems('/events', res.status, res.body, 'post')).toEqual([]);
      expect(res.status).toBe(202);
    }
    const bad = await request(server).post('/api/marketplace/events').send({ pluginId: 'backstage.catalog', type: 'like' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/'type' must be one of view, install/);

    const trending = await get(server, '/plugins/trending', '/plugins/trending?range=24h&limit=5');
    expect(trending.body.items.map((i: any) => i.id).slice(0, 2)).toEqual(['backstage.catalog', 'marketplace.soundcheck']);

    const popular = await get(server, '/plugins/popular', '/plugins/popular?category=security&limit=3');
    expect(popular.body.items).toHaveLength(3);
    expect(popular.body.items.every((i: any) => i.category === 'security')).toBe(true);

    const similar = await get(server, '/plugins/{id}/similar', '/plugins/backstage.catalog/similar?limit=3');
    expect(similar.body.items.map((i: any) => i.id)).not.toContain('backstage.catalog');

    const recommended = await get(server, '/plugins/recommendations', '/plugins/recommendations?limit=3');
    expect(recommended.body.items.length).toBeGreaterThan(0);
    expect(recommended.body.items.every((i: any) => typeof i.reason === 'string')).toBe(true);

    await get(server, '/plugins/trending', '/plugins/trending?range=1y');
  });

  it('answers 404 for plugins and versions that do not exist', async () => {
    const missing = await get(server, '/plugins/{id}', '/plugins/nobody.nothing');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe("No plugin with id 'nobody.nothing'");
    const version = await get(server, '/plugins/{id}/dependencies', '/plugins/backstage.catalog/dependencies?version=0.0.1');
    expect(version.status).toBe(404);
  });
});

describe('REST API access', () => {
  it('refuses callers without the read permission', async () => {
    const { server } = await startTestBackend({
      features: [
        marketplacePlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });
    const res = await request(server).get('/api/marketplace/plugins');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Not allowed: marketplace.plugin.read');
    expect(responseProblems('/plugins', 403, res.body)).toEqual([]);
    const refresh = await request(server).post('/api/marketplace/refresh');
    expect(refresh.status).toBe(403);
    expect(refresh.body.error.message).toBe('Not allowed: marketplace.admin');
  });

  it('refuses unauthenticated callers but serves health to them', async () => {
    const { server } = await startTestBackend({ features: [marketplacePlugin] });
    const anonymous = { Authorization: mockCredentials.none.header() };
    expect((await request(server).get('/api/marketplace/plugins').set(anonymous)).status).toBe(401);
    expect((await request(server).get('/api/marketplace/health').set(anonymous)).status).toBe(200);
  });
});
