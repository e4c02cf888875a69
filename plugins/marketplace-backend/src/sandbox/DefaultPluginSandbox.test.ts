import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { SchedulerService } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { InputError } from '@backstage/errors';
import { BundledSandboxPlugins } from '../sources/firstParty/BundledSandboxPlugins';
import { createTestSandbox, definition, eventually, recordingEvents, sandboxSpec } from './__testUtils__/sandbox';

jest.setTimeout(60_000);

const request = (path: string, method = 'GET') => ({ method, path, query: {} });

describe('DefaultPluginSandbox', () => {
  it('refuses a definition that is not valid, naming the field', async () => {
    const { sandbox } = await createTestSandbox();
    const spec = sandboxSpec('test.bad');
    await expect(sandbox.startPlugin(definition({ ...spec, version: 'one' }, 'exports.routes = {}'))).rejects.toThrow(
      new InputError('spec is not valid: /version: must be a valid semver'),
    );
    await expect(sandbox.startPlugin(definition({ ...spec, sandbox: undefined }, 'x'))).rejects.toThrow(
      'spec/sandbox is required',
    );
    await expect(sandbox.startPlugin(definition(spec, ''))).rejects.toThrow("code must be the bundle's source");
    await sandbox.close();
  });

  it('reports a bundle that does not load as failed, without retrying it', async () => {
    const { sandbox } = await createTestSandbox();
    const health = await sandbox.startPlugin(definition(sandboxSpec('test.broken'), 'exports.routes = {'));
    expect(health).toMatchObject({ state: 'failed', restarts: 0 });
    expect(health.reason).toMatch(/^it failed to start: SyntaxError: /);
    const thrower = await sandbox.startPlugin(definition(sandboxSpec('test.thrower'), `exports.start = () => { throw new Error('no config'); };`));
    expect(thrower).toMatchObject({ state: 'failed', reason: 'it failed to start: no config' });
    await sandbox.close();
  });

  it('replaces a running plugin with a new version live, keeping its data', async () => {
    const { sandbox } = await createTestSandbox();
    const v1 = `exports.routes = { 'GET /v': async (req, ctx) => { await ctx.kv.set('seen', 1); return 1; } };`;
    const v2 = `exports.routes = { 'GET /v': async (req, ctx) => ({ v: 2, seen: await ctx.kv.get('seen') }) };`;
    await sandbox.startPlugin(definition(sandboxSpec('test.live'), v1));
    expect((await sandbox.handleRequest('test.live', request('/v'))).body).toBe(1);
    await sandbox.startPlugin(definition({ ...sandboxSpec('test.live'), version: '2.0.0' }, v2));
    expect((await sandbox.handleRequest('test.live', request('/v'))).body).toEqual({ v: 2, seen: 1 });
    expect((await sandbox.getHealth('test.live')).version).toBe('2.0.0');
    const logs = await sandbox.getLogs('test.live', { source: 'host' });
    expect(logs.map(l => l.message)).toContain('replaced by version 2.0.0');
    await sandbox.close();
  });

  it('matches routes with parameters, literal segments first, and passes status and body', async () => {
    const { sandbox } = await createTestSandbox();
    await sandbox.startPlugin(
      definition(
        sandboxSpec('test.routes'),
        `exports.routes = {
          'GET /items/:id': req => ({ id: req.params.id, q: req.query }),
          'GET /items/new': () => 'form',
          'DELETE /items/:id': () => ({ status: 204, body: null }),
          'POST /teapot': () => ({ status: 418, body: { short: true } }),
          'GET /bad-status': () => ({ status: 99 }),
        };`,
      ),
    );
    expect(await sandbox.handleRequest('test.routes', { method: 'GET', path: '/items/a%20b', query: { x: '1' } })).toEqual({
      status: 200,
      body: { id: 'a b', q: { x: '1' } },
    });
    expect((await sandbox.handleRequest('test.routes', request('/items/new'))).body).toBe('form');
    expect(await sandbox.handleRequest('test.routes', request('/items/7', 'DELETE'))).toEqual({ status: 204, body: null });
    expect(await sandbox.handleRequest('test.routes', request('/teapot', 'POST'))).toEqual({ status: 418, body: { short: true } });
    await expect(sandbox.handleRequest('test.routes', request('/bad-status'))).rejects.toThrow(
      'the route answered with status 99; it must be from 200 to 599',
    );
    await expect(sandbox.handleRequest('test.routes', request('/items', 'PUT'))).rejects.toThrow(
      'Plugin test.routes has no route PUT /items',
    );
    await sandbox.close();
  });

  it('reads its own config: app-config over the manifest defaults', async () => {
    const { sandbox } = await createTestSandbox({
      sandboxConfig: { plugins: [{ id: 'test.config', config: { greeting: 'Hej', nested: { b: 2 } } }] },
    });
    await sandbox.startPlugin(
      definition(
        sandboxSpec('test.config', {
          permissions: [{ permission: 'config.read' }],
          defaultConfig: { greeting: 'Hello', nested: { a: 1 } },
        }),
        `exports.routes = { 'GET /c': async (req, ctx) => ({ all: await ctx.config.read(), b: await ctx.config.read('nested.b'), none: await ctx.config.read('no.such') }) };`,
      ),
    );
    expect((await sandbox.handleRequest('test.config', request('/c'))).body).toEqual({
      all: { greeting: 'Hej', nested: { a: 1, b: 2 } },
      b: 2,
      none: null,
    });
    await sandbox.close();
  });

  it('reads the catalog only for a calling user, with that user\'s credentials', async () => {
    const catalog = catalogServiceMock.mock({ getEntities: jest.fn(async () => ({ items: [] })) });
    const { sandbox } = await createTestSandbox({ catalog });
    await sandbox.startPlugin(
      definition(
        sandboxSpec('test.catalog', { permissions: [{ permission: 'catalog.read' }] }),
        `exports.routes = { 'GET /e': async (req, ctx) => ({ user: ctx.user, items: (await ctx.catalog.getEntities({ filter: { kind: 'API' }, limit: 5 })).items }) };`,
      ),
    );
    const credentials = mockCredentials.user('user:default/ada');
    expect((await sandbox.handleRequest('test.catalog', request('/e'), { credentials })).body).toEqual({
      user: 'user:default/ada',
      items: [],
    });
    expect(catalog.getEntities).toHaveBeenCalledWith(
      { filter: [{ kind: 'API' }], fields: undefined, limit: 5, offset: 0 },
      { credentials },
    );
    await expect(sandbox.handleRequest('test.catalog', request('/e'))).rejects.toThrow(
      'catalog.getEntities reads as the calling user; this call has none',
    );
    await sandbox.close();
  });

  it('carries events between sandboxes on declared topics only, and runs scheduled tasks', async () => {
    const events = recordingEvents();
    const tasks: Array<Parameters<SchedulerService['scheduleTask']>[0]> = [];
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: jest.fn(async task => {
        tasks.push(task);
      }),
    });
    const { sandbox } = await createTestSandbox({ events, scheduler });
    await sandbox.startPlugin(
      definition(
        sandboxSpec('test.publisher', {
          permissions: [{ permission: 'events.publish' }],
          provides: [{ type: 'event', id: 'tick' }],
        }),
        `exports.tasks = { beat: { frequencyMinutes: 2, handler: async (p, ctx) => { await ctx.events.publish('tick', { n: 1 }); } } };
         exports.routes = { 'POST /undeclared': async (req, ctx) => ctx.events.publish('other', {}) };`,
      ),
    );
    await sandbox.startPlugin(
      definition(
        sandboxSpec('test.listener', {
          permissions: [{ permission: 'kv' }, { permission: 'events.subscribe' }],
          requires: [{ type: 'event', id: 'sandbox.test.publisher.tick' }],
        }),
        `exports.events = { 'sandbox.test.publisher.tick': async (event, ctx) => { await ctx.kv.set('last', event.payload); } };
         exports.routes = { 'GET /last': async (req, ctx) => ctx.kv.get('last') };`,
      ),
    );

    expect(tasks.map(t => [t.id, t.frequency])).toEqual([
      ['marketplace-sandbox-log-retention', { hours: 24 }],
      ['marketplace-sandbox:test.publisher:beat', { minutes: 2 }],
    ]);
    const beat = tasks[1];
    await beat.fn(new AbortController().signal);
    expect(events.published).toEqual([
      { topic: 'sandbox.test.publisher.tick', eventPayload: { n: 1 }, metadata: { 'x-marketplace-sandbox-plugin': 'test.publisher' } },
    ]);
    await eventually(async () => (await sandbox.handleRequest('test.listener', request('/last'))).body !== null);
    expect((await sandbox.handleRequest('test.listener', request('/last'))).body).toEqual({ n: 1 });

    await expect(sandbox.handleRequest('test.publisher', request('/undeclared', 'POST'))).rejects.toThrow(
      `event "other" is not among the events the plugin's manifest provides`,
    );
    // A stopped plugin's task does nothing.
    await sandbox.stopPlugin('test.publisher');
    await beat.fn(new AbortController().signal);
    expect(events.published).toHaveLength(1);
    await sandbox.close();
  });

  it('refuses to run more plugins than allowed', async () => {
    const { sandbox } = await createTestSandbox({ sandboxConfig: { maxPlugins: 1 } });
    await sandbox.startPlugin(definition(sandboxSpec('test.one'), 'exports.routes = {}'));
    await expect(sandbox.startPlugin(definition(sandboxSpec('test.two'), 'exports.routes = {}'))).rejects.toThrow(
      'The sandbox already runs its maximum of 1 plugins',
    );
    // Replacing the one that runs is not another plugin.
    expect((await sandbox.startPlugin(definition(sandboxSpec('test.one'), 'exports.routes = {}'))).state).toBe('running');
    await sandbox.close();
  });

  it('starts every bundled example and answers its first route', async () => {
    const { sandbox } = await createTestSandbox({ catalog: catalogServiceMock({ entities: [] }) });
    const bundled = await BundledSandboxPlugins.fromDirectory().list();
    expect(bundled.map(d => d.spec.id)).toEqual([
      'marketplace.sandbox-ownership',
      'marketplace.sandbox-hello',
      'marketplace.sandbox-status',
    ]);
    for (const plugin of bundled) {
      const health = await sandbox.startPlugin(plugin);
      expect({ id: plugin.spec.id, state: health.state }).toEqual({ id: plugin.spec.id, state: 'running' });
    }
    const credentials = mockCredentials.user('user:default/ada');
    expect((await sandbox.handleRequest('marketplace.sandbox-status', request('/status'), { credentials })).body).toEqual({ services: [] });
    expect((await sandbox.handleRequest('marketplace.sandbox-ownership', request('/summary'), { credentials })).body).toEqual({
      kind: 'Component',
      total: 0,
      owners: [],
      unowned: [],
    });
    // The status checker may fetch only its two status pages.
    const status = await sandbox.getHealth('marketplace.sandbox-status');
    expect(status.grants.find(g => g.permission === 'fetch')?.hosts).toEqual(['www.githubstatus.com', 'status.npmjs.org']);
    expect(status.surface).toEqual({ routes: ['GET /status', 'POST /check'], actions: ['service-status'], tasks: ['check'], events: [] });
    await sandbox.close();
  });
});
