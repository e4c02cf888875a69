import { mockCredentials, mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { MockActionsRegistry } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { responseProblems } from '../__testUtils__/openapi';
import { createTestSandbox, definition, recordingEvents, sandboxSpec } from '../sandbox/__testUtils__/sandbox';
import { BundledSandboxPlugins } from '../sources/firstParty/BundledSandboxPlugins';
import { createRuntimeRouter } from './runtimeRouter';

jest.setTimeout(60_000);

const HELLO = 'marketplace.sandbox-hello';
const OWNERSHIP = 'marketplace.sandbox-ownership';

const entities = [
  { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'web' }, spec: { owner: 'team-a' } },
  { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'api' }, spec: { owner: 'team-a' } },
  { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'cron' }, spec: { owner: 'team-b' } },
  { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'orphan' }, spec: {} },
  { apiVersion: 'backstage.io/v1alpha1', kind: 'System', metadata: { name: 'shop' }, spec: { owner: 'team-c' } },
];

async function setup(options: { deny?: boolean } = {}) {
  const actionsRegistry = MockActionsRegistry.create({ logger: mockServices.logger.mock() });
  const events = recordingEvents();
  const { sandbox } = await createTestSandbox({
    catalog: catalogServiceMock({ entities }),
    actionsRegistry,
    events,
  });
  const permissions = options.deny
    ? mockServices.permissions.mock({
        authorize: async requests => requests.map(() => ({ result: AuthorizeResult.DENY })),
        authorizeConditional: async requests => requests.map(() => ({ result: AuthorizeResult.DENY })),
      })
    : mockServices.permissions();
  const router = await createRuntimeRouter({
    sandbox,
    definitions: BundledSandboxPlugins.fromDirectory(),
    httpAuth: mockServices.httpAuth({ defaultCredentials: mockCredentials.user('user:default/ada') }),
    permissions,
  });
  const app = express().use('/api/marketplace', router).use(mockErrorHandler());
  return { app, sandbox, actionsRegistry, events };
}

/** Calls the API and checks the answer against openapi.yaml for `path`. */
async function call(app: express.Express, method: 'get' | 'post' | 'delete', path: string, url: string, body?: object) {
  let req = request(app)[method](`/api/marketplace${url}`);
  if (body) req = req.send(body);
  const res = await req;
  expect(responseProblems(path, res.status, res.body, method)).toEqual([]);
  return res;
}

describe('runtime router', () => {
  it('starts a bundled plugin by id, serves its routes as the caller and stops it live', async () => {
    const { app, sandbox } = await setup();
    const started = await call(app, 'post', '/runtime/{pluginId}/start', `/runtime/${HELLO}/start`);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ pluginId: HELLO, state: 'running' });
    expect(started.body.surface.routes).toContain('GET /hello');

    const hello = await request(app).get(`/api/marketplace/runtime/${HELLO}/hello`);
    expect(hello.status).toBe(200);
    expect(hello.body).toEqual({ message: 'Hello, user:default/ada!', visits: 1 });
    const again = await request(app).get(`/api/marketplace/runtime/${HELLO}/hello`);
    expect(again.body.visits).toBe(2);

    const echo = await request(app).post(`/api/marketplace/runtime/${HELLO}/echo`).send({ a: [1, 'two'] });
    expect(echo.body).toEqual({ echo: { a: [1, 'two'] } });

    const missing = await request(app).get(`/api/marketplace/runtime/${HELLO}/nothing-here`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(`Plugin ${HELLO} has no route GET /nothing-here`);

    const stopped = await call(app, 'post', '/runtime/{pluginId}/stop', `/runtime/${HELLO}/stop`);
    expect(stopped.body).toMatchObject({ state: 'stopped', reason: 'stopped by request' });
    const unavailable = await request(app).get(`/api/marketplace/runtime/${HELLO}/hello`);
    expect(unavailable.status).toBe(503);

    const restarted = await call(app, 'post', '/runtime/{pluginId}/restart', `/runtime/${HELLO}/restart`);
    expect(restarted.body).toMatchObject({ state: 'running', restarts: 1 });
    // The key-value data outlives the isolate.
    expect((await request(app).get(`/api/marketplace/runtime/${HELLO}/hello`)).body.visits).toBe(3);
    await sandbox.close();
  });

  it('reports health, metrics and filtered logs', async () => {
    const { app, sandbox } = await setup();
    await call(app, 'post', '/runtime/{pluginId}/start', `/runtime/${HELLO}/start`);
    await request(app).get(`/api/marketplace/runtime/${HELLO}/hello`);

    const list = await call(app, 'get', '/runtime', '/runtime');
    expect(list.body.items.map((p: any) => p.pluginId)).toEqual([HELLO]);
    const health = await call(app, 'get', '/runtime/{pluginId}/health', `/runtime/${HELLO}/health`);
    expect(health.body).toMatchObject({ state: 'running', failures: 0 });

    const metrics = await call(app, 'get', '/runtime/{pluginId}/metrics', `/runtime/${HELLO}/metrics`);
    expect(metrics.body).toMatchObject({ calls: 1, errors: 0, hostCalls: { 'kv.get': 1, 'kv.set': 1, 'config.read': 1, log: 1 } });
    expect(metrics.body.heap.usedBytes).toBeGreaterThan(0);
    expect(metrics.body.kvBytesUsed).toBeGreaterThan(0);

    const logs = await call(app, 'get', '/runtime/{pluginId}/logs', `/runtime/${HELLO}/logs?source=plugin&text=HELLO`);
    expect(logs.body.items.map((l: any) => l.message)).toEqual(['user:default/ada said hello (visit 1)']);
    const bad = await call(app, 'get', '/runtime/{pluginId}/logs', `/runtime/${HELLO}/logs?level=loud`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe("Query parameter 'level' must be one of debug, info, warn, error, got 'loud'");
    const badTime = await call(app, 'get', '/runtime/{pluginId}/logs', `/runtime/${HELLO}/logs?since=yesterday`);
    expect(badTime.body.error.message).toContain("Query parameter 'since' must be a date and time");
    await sandbox.close();
  });

  it('reads the catalog as the calling user and offers the same as an action in the actions registry', async () => {
    const { app, sandbox, actionsRegistry } = await setup();
    await call(app, 'post', '/runtime/{pluginId}/start', `/runtime/${OWNERSHIP}/start`);
    const summary = await request(app).get(`/api/marketplace/runtime/${OWNERSHIP}/summary?kind=Component`);
    expect(summary.status).toBe(200);
    expect(summary.body).toEqual({
      kind: 'Component',
      total: 4,
      owners: [
        { owner: 'team-a', count: 2 },
        { owner: 'team-b', count: 1 },
      ],
      unowned: ['component:default/orphan'],
    });

    const action = await actionsRegistry.invoke({
      id: 'test:sandbox-marketplace-sandbox-ownership-ownership-summary',
      input: { kind: 'System' },
      credentials: mockCredentials.user('user:default/ada'),
    });
    expect(action.output).toEqual({ result: { kind: 'System', total: 1, owners: [{ owner: 'team-c', count: 1 }], unowned: [] } });
    await sandbox.close();
  });

  it('grants and revokes a permission while the plugin runs', async () => {
    const { app, sandbox } = await setup();
    await call(app, 'post', '/runtime/{pluginId}/start', `/runtime/${HELLO}/start`);
    const revoked = await call(app, 'delete', '/runtime/{pluginId}/grants/{permission}', `/runtime/${HELLO}/grants/kv`);
    expect(revoked.body.grants.map((g: any) => g.permission)).not.toContain('kv');
    const refused = await request(app).get(`/api/marketplace/runtime/${HELLO}/hello`);
    expect(refused.status).toBe(500);
    expect(refused.body.error.message).toContain('kv.get needs the "kv" permission');

    const granted = await call(app, 'post', '/runtime/{pluginId}/grants', `/runtime/${HELLO}/grants`, { permission: 'kv' });
    expect(granted.body.grants.map((g: any) => g.permission)).toContain('kv');
    expect((await request(app).get(`/api/marketplace/runtime/${HELLO}/hello`)).status).toBe(200);

    const bad = await call(app, 'post', '/runtime/{pluginId}/grants', `/runtime/${HELLO}/grants`, { permission: 'fetch' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('hosts must be a non-empty list of host names for the fetch permission');
    await sandbox.close();
  });

  it('refuses lifecycle and reads without permission, and names unknown plugins', async () => {
    const denied = await setup({ deny: true });
    const res = await call(denied.app, 'post', '/runtime/{pluginId}/start', `/runtime/${HELLO}/start`);
    expect(res.status).toBe(403);
    expect((await request(denied.app).get(`/api/marketplace/runtime/${HELLO}/hello`)).status).toBe(403);

    const { app, sandbox } = await setup();
    const unknown = await call(app, 'post', '/runtime/{pluginId}/start', '/runtime/acme.unknown/start');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('No sandboxed plugin acme.unknown is installed or bundled');
    const health = await call(app, 'get', '/runtime/{pluginId}/health', '/runtime/acme.unknown/health');
    expect(health.status).toBe(404);
    const badId = await call(app, 'get', '/runtime/{pluginId}/health', '/runtime/Not%20An%20Id/health');
    expect(badId.status).toBe(400);
    await sandbox.close();
  });

  it('answers 503 while a plugin that broke a limit waits to restart', async () => {
    const { app, sandbox } = await setup();
    await sandbox.startPlugin(
      definition(sandboxSpec('test.spin', { limits: { cpuTimeMsPerCall: 50 } }), `exports.routes = { 'GET /spin': () => { for (;;) {} } };`),
    );
    const spin = await request(app).get('/api/marketplace/runtime/test.spin/spin');
    expect(spin.status).toBe(503);
    // The watchdog or isolated-vm's own timeout, whichever is first.
    expect(spin.body.error.message).toMatch(/^Plugin test\.spin: .*more than its 50 ms of CPU time/);
    const health = await call(app, 'get', '/runtime/{pluginId}/health', '/runtime/test.spin/health');
    expect(health.body.recentViolations[0]).toMatchObject({ kind: 'cpu-per-call' });
    await sandbox.close();
  });
});
