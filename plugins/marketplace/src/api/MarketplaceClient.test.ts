import { MarketplaceClient } from './MarketplaceClient';

function client(responses: Array<() => Response>) {
  const fetch = jest.fn(async (_url: string) => responses.shift()!());
  const api = new MarketplaceClient({
    discoveryApi: { getBaseUrl: async () => 'http://backend/api/marketplace' },
    fetchApi: { fetch: fetch as any },
  });
  return { api, fetch };
}

const json = (body: unknown, status = 200) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('MarketplaceClient', () => {
  it("asks for the app's environment once for every page that needs it", async () => {
    const { api, fetch } = client([json({ backstageVersion: '1.55.0' })]);
    await expect(api.getEnvironment()).resolves.toEqual({ backstageVersion: '1.55.0' });
    await expect(api.getEnvironment()).resolves.toEqual({ backstageVersion: '1.55.0' });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith('http://backend/api/marketplace/environment', undefined);
  });

  it('asks again after a failed answer', async () => {
    const { api, fetch } = client([
      json({ error: { name: 'Error', message: 'down' } }, 503),
      json({ backstageVersion: '1.55.0' }),
    ]);
    await expect(api.getEnvironment()).rejects.toThrow();
    await expect(api.getEnvironment()).resolves.toEqual({ backstageVersion: '1.55.0' });
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe('MarketplaceClient install planning and configuration', () => {
  const calls = (fetch: jest.Mock) =>
    fetch.mock.calls.map(([url, init]: [string, RequestInit | undefined]) => ({
      url: url.replace('http://backend/api/marketplace', ''),
      method: init?.method ?? 'GET',
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    }));

  it('asks for a plan, an analysis and the update plan on their routes', async () => {
    const plan = { ok: true, plugins: [], packages: [], problems: [], external: {} };
    const { api, fetch } = client([json(plan), json({ pluginId: 'a b' }), json({ updates: [], problems: [] })]);

    await expect(api.planInstall({ plugins: [{ pluginId: 'acme.todo', version: '2.1.0' }] })).resolves.toEqual(plan);
    await api.getDependencyAnalysis('a b', '1.0.0');
    await api.getUpdatePlan({ prerelease: true });

    expect(calls(fetch)).toEqual([
      { url: '/install/plan', method: 'POST', body: { plugins: [{ pluginId: 'acme.todo', version: '2.1.0' }] } },
      { url: '/plugins/a%20b/analysis?version=1.0.0', method: 'GET', body: undefined },
      { url: '/install/updates?prerelease=true', method: 'GET', body: undefined },
    ]);
  });

  it("reads, validates and previews a plugin's configuration with the config as the body", async () => {
    const { api, fetch } = client([
      json({ pluginId: 'acme.todo' }),
      json({ valid: false, errors: [{ path: '/todo/size', message: 'must be number' }] }),
      json({ yaml: 'todo: {}\n', diff: '', validation: { valid: true, errors: [] } }),
    ]);

    await api.getConfigurationForm('acme.todo');
    await expect(api.validatePluginConfig('acme.todo', { todo: { size: 'x' } })).resolves.toEqual({
      valid: false,
      errors: [{ path: '/todo/size', message: 'must be number' }],
    });
    await api.previewPluginConfig('acme.todo', { todo: {} });

    expect(calls(fetch)).toEqual([
      { url: '/plugins/acme.todo/configuration', method: 'GET', body: undefined },
      { url: '/plugins/acme.todo/configuration/validate', method: 'POST', body: { config: { todo: { size: 'x' } } } },
      { url: '/plugins/acme.todo/configuration/preview', method: 'POST', body: { config: { todo: {} } } },
    ]);
  });

  it('reads, validates and saves the managed config, and lists and rolls back revisions', async () => {
    const revision = { revision: 4, author: 'user:default/ada', message: 'm', createdAt: '', diff: '', appliedLive: true };
    const { api, fetch } = client([
      json({ path: 'app-config.marketplace.yaml', yaml: 'a: 1\n', revision: 3 }),
      json({ valid: true, errors: [] }),
      json(revision),
      json({ items: [revision] }),
      json(revision),
      json({ ...revision, revision: 5, rollbackOf: 2 }),
    ]);

    await api.getManagedConfig();
    await api.validateManagedConfig('a: 2\n');
    await api.saveManagedConfig({ yaml: 'a: 2\n', message: 'm', baseRevision: 3 });
    await expect(api.listConfigRevisions()).resolves.toEqual([revision]);
    await api.getConfigRevision(4);
    await expect(api.rollbackConfig(2, { baseRevision: 4 })).resolves.toMatchObject({ revision: 5, rollbackOf: 2 });

    expect(calls(fetch)).toEqual([
      { url: '/config', method: 'GET', body: undefined },
      { url: '/config/validate', method: 'POST', body: { yaml: 'a: 2\n' } },
      { url: '/config', method: 'PUT', body: { yaml: 'a: 2\n', message: 'm', baseRevision: 3 } },
      { url: '/config/revisions', method: 'GET', body: undefined },
      { url: '/config/revisions/4', method: 'GET', body: undefined },
      { url: '/config/revisions/2/rollback', method: 'POST', body: { baseRevision: 4 } },
    ]);
  });

  it('saves several plugins\' parts as one revision on PUT /config/plugins', async () => {
    const answer = { revision: 6, appliedLive: true, plugins: [{ pluginId: 'acme.todo', changed: true }, { pluginId: 'acme.tasks', changed: false }] };
    const { api, fetch } = client([json(answer)]);

    const request = { baseRevision: 5, message: 'Both', plugins: { 'acme.todo': { todo: { size: 3 } }, 'acme.tasks': { tasks: {} } } };
    await expect(api.savePluginConfigs(request)).resolves.toEqual(answer);

    expect(calls(fetch)).toEqual([{ url: '/config/plugins', method: 'PUT', body: request }]);
  });

  it('rejects a save on a stale revision with the 409 the backend answers', async () => {
    const { api } = client([
      json({ error: { name: 'ConflictError', message: 'The config is at revision 5, not 3' } }, 409),
    ]);

    await expect(
      api.saveManagedConfig({ pluginId: 'acme.todo', config: {}, message: 'm', baseRevision: 3 }),
    ).rejects.toMatchObject({ name: 'ResponseError', response: { status: 409 } });
  });
});

describe('MarketplaceClient install engine', () => {
  const calls = (fetch: jest.Mock) =>
    fetch.mock.calls.map(([url, init]: [string, RequestInit | undefined]) => ({
      url: url.replace('http://backend/api/marketplace', ''),
      method: init?.method ?? 'GET',
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    }));

  it('starts an install, follows its job as JSON events, cancels and retries it on their routes', async () => {
    const job = { id: 'job-1', state: 'queued' };
    const { api, fetch } = client([
      json({ batchId: 'b1', jobs: [job], alreadyInProgress: [] }, 202),
      json({ items: [job] }),
      json(job),
      json({ job, items: [{ id: 3, step: 'resolving' }] }),
      json(job),
      json(job, 202),
    ]);

    const started = await api.install({ plugins: [{ pluginId: 'x.hello', version: '1.0.0' }], config: { 'x.hello': { a: 1 } } });
    expect(started.jobs).toEqual([job]);
    await expect(api.listInstallJobs({ batchId: 'b1' })).resolves.toEqual([job]);
    await api.getInstallJob('job-1');
    await expect(api.getInstallJobEvents('job-1', 2)).resolves.toEqual({ job, items: [{ id: 3, step: 'resolving' }] });
    await api.cancelInstallJob('job-1');
    await api.retryInstallJob('job-1');

    expect(calls(fetch)).toEqual([
      { url: '/install', method: 'POST', body: { plugins: [{ pluginId: 'x.hello', version: '1.0.0' }], config: { 'x.hello': { a: 1 } } } },
      { url: '/install/jobs?batchId=b1', method: 'GET', body: undefined },
      { url: '/install/jobs/job-1', method: 'GET', body: undefined },
      { url: '/install/jobs/job-1/events?after=2', method: 'GET', body: undefined },
      { url: '/install/jobs/job-1/cancel', method: 'POST', body: {} },
      { url: '/install/jobs/job-1/retry', method: 'POST', body: {} },
    ]);
    // The JSON form, not the event stream the same route serves to EventSource.
    const init = (fetch.mock.calls[3] as unknown[])[1] as RequestInit;
    expect(new Headers(init.headers).get('accept')).toBe('application/json');
  });

  it('starts the bulk update with what it is given, and with every update when given nothing', async () => {
    const answer = { batchId: 'b2', jobs: [{ id: 'job-4' }], skipped: [{ pluginId: 'x.big', reason: 'breaking' }], alreadyInProgress: [] };
    const { api, fetch } = client([json(answer, 202), json({ ...answer, jobs: [] }, 202)]);

    await expect(api.updatePlugins({ plugins: ['x.hello', 'x.big'], allowBreaking: false })).resolves.toEqual(answer);
    await api.updatePlugins();

    expect(calls(fetch)).toEqual([
      { url: '/install/updates', method: 'POST', body: { plugins: ['x.hello', 'x.big'], allowBreaking: false } },
      { url: '/install/updates', method: 'POST', body: {} },
    ]);
  });

  it('exports an install as a change with the install request as the body', async () => {
    const exported = { summary: 'Adds Hello.\n', files: [{ path: 'app-config.yaml', diff: 'diff --git …' }], patch: 'diff --git …' };
    const { api, fetch } = client([json(exported)]);

    const request = { plugins: [{ pluginId: 'x.hello' }], config: { 'x.hello': { hello: {} } } };
    await expect(api.exportInstall(request)).resolves.toEqual(exported);
    expect(calls(fetch)).toEqual([{ url: '/install/export', method: 'POST', body: request }]);
  });

  it('reads a removal plan, uninstalls with confirm and asks for a restart', async () => {
    const plan = { pluginId: 'x.hello', confirmRequired: true };
    const { api, fetch } = client([
      json(plan),
      json({ plan, job: { id: 'job-2' } }, 202),
      json({ restarting: true }, 202),
    ]);

    await expect(api.getRemovalPlan('x.hello')).resolves.toEqual(plan);
    await expect(api.uninstall('x.hello', { confirm: true })).resolves.toEqual({ plan, job: { id: 'job-2' } });
    await api.restartBackend();

    expect(calls(fetch)).toEqual([
      { url: '/installed/x.hello/removal', method: 'GET', body: undefined },
      { url: '/installed/x.hello?confirm=true', method: 'DELETE', body: undefined },
      { url: '/install/restart', method: 'POST', body: {} },
    ]);
  });

  it('turns a refused install into an error that names the reason', async () => {
    const { api } = client([
      json(
        {
          error: { name: 'NotAllowedError', message: 'Not allowed: marketplace.plugin.install' },
          request: { method: 'POST', url: '/api/marketplace/install' },
          response: { statusCode: 403 },
        },
        403,
      ),
    ]);
    await expect(api.install({ plugins: [{ pluginId: 'x.hello' }] })).rejects.toMatchObject({
      statusCode: 403,
      cause: { name: 'NotAllowedError', message: 'Not allowed: marketplace.plugin.install' },
    });
  });
});
