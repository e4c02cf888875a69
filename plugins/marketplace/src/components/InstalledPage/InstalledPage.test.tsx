import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { InstalledPlugin, ReplicaStatus } from '@internal/backstage-plugin-marketplace-common';
import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { MarketplaceApi, marketplaceApiRef } from '../../api';
import { fakeMarketplaceApi, installJob } from '../../__testUtils__/fakeMarketplaceApi';
import { responseError } from '../../__testUtils__/responseError';
import { rootRouteRef } from '../../routes';
import { InstalledPage } from './InstalledPage';

configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);

const LocationProbe = () => {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
};

async function renderPage(api: MarketplaceApi, authorize: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW) {
  await renderInTestApp(
    <Routes>
      <Route path="/marketplace/installed" element={<InstalledPage />} />
      <Route path="*" element={<LocationProbe />} />
    </Routes>,
    {
      initialRouteEntries: ['/marketplace/installed'],
      mountedRoutes: { '/marketplace': rootRouteRef },
      apis: [[marketplaceApiRef, api], mockApis.permission({ authorize })],
    },
  );
}

const installed = (pluginId: string, overrides: Partial<InstalledPlugin> = {}): InstalledPlugin => ({
  pluginId,
  version: '1.0.0',
  status: 'installed',
  installedAt: '2026-12-01T00:00:00.000Z',
  installedBy: 'user:default/guest',
  updateAvailable: false,
  ...overrides,
});

const rowOf = async (pluginId: string) => within((await screen.findByRole('link', { name: pluginId })).closest('tr')!);

describe('InstalledPage', () => {
  it('leads users who may configure plugins to the managed configuration', async () => {
    await renderPage(fakeMarketplaceApi());

    const link = await screen.findByRole('button', { name: 'Managed configuration' });
    expect(link.closest('a')).toHaveAttribute('href', '/marketplace/admin/config');
  });

  it('offers no such link to users the backend does not allow to read the managed config', async () => {
    const forbidden = await responseError(403, 'NotAllowedError', 'Not allowed');
    const api = fakeMarketplaceApi({
      getManagedConfig: async () => {
        throw forbidden;
      },
    });
    await renderPage(api);

    expect(await screen.findByText('No plugins installed from the marketplace yet')).toBeInTheDocument();
    await waitFor(() => expect(api.getManagedConfig).toHaveBeenCalled());
    await act(async () => {});
    expect(screen.queryByRole('button', { name: 'Managed configuration' })).not.toBeInTheDocument();
  });

  it("shows the backend's database and cache, and whether search by meaning has caught up", async () => {
    const api = fakeMarketplaceApi({
      getRegistryStatus: async () => ({
        totalPlugins: 275,
        sources: [],
        semanticIndex: { provider: 'local-lexicon', embedded: 120, total: 275, upToDate: false },
      }),
    });
    await renderPage(api);

    expect(await screen.findByText('catching up: 120 of 275 plugins embedded')).toBeInTheDocument();
    expect(screen.getByText('postgresql, ok in 1.5 ms')).toBeInTheDocument();
    expect(screen.getByText('redis, ok in 0.4 ms')).toBeInTheDocument();
  });

  it('removes a plugin after a dialog that lists what goes and warns that its data goes too', async () => {
    let removed = false;
    const api = fakeMarketplaceApi({
      listInstalled: async () => (removed ? [] : [installed('acme.todo')]),
      getRemovalPlan: async pluginId => ({
        pluginId,
        version: '1.0.0',
        target: 'backend',
        packages: [{ name: '@acme/plugin-todo-backend', version: '1.0.0', role: 'backend-plugin' }],
        configKeys: ['todo'],
        dataRemoval: 'plugin-database',
        warnings: [],
        dependents: [],
        confirmRequired: true,
      }),
      uninstall: async (pluginId, options) => {
        removed = true;
        return {
          plan: { pluginId, version: '1.0.0', packages: [], configKeys: [], dataRemoval: 'plugin-database', warnings: [], dependents: [], confirmRequired: true },
          job: installJob({ pluginId, action: 'uninstall', state: options?.confirm ? 'queued' : 'failed' }),
        };
      },
    });
    await renderPage(api);

    fireEvent.click((await rowOf('acme.todo')).getByRole('button', { name: 'Remove acme.todo' }));

    const dialog = within(await screen.findByRole('dialog', { name: 'Remove acme.todo?' }));
    const goes = dialog.getByRole('list', { name: 'What goes' });
    expect(await within(goes).findByText('npm package @acme/plugin-todo-backend@1.0.0 (backend-plugin)')).toBeInTheDocument();
    expect(within(goes).getByText('config key todo')).toBeInTheDocument();
    expect(dialog.getByText(/database and everything it stored are deleted/)).toBeInTheDocument();
    expect(api.uninstall).not.toHaveBeenCalled();

    fireEvent.click(dialog.getByRole('button', { name: 'Remove it and its data' }));

    await waitFor(() => expect(api.uninstall).toHaveBeenCalledWith('acme.todo', { confirm: true }));
    expect(await screen.findByText('No plugins installed from the marketplace yet')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('shows under the status why a plugin failed, and nothing more for one that runs', async () => {
    const api = fakeMarketplaceApi({
      listInstalled: async () => [
        installed('acme.broken', {
          status: 'failed',
          statusMessage: "@acme/plugin-broken-backend 1.0.0 did not load: Error: Cannot find module 'left-pad'",
        }),
        installed('acme.todo'),
      ],
    });
    await renderPage(api);

    const broken = await rowOf('acme.broken');
    expect(broken.getByText('failed')).toBeInTheDocument();
    expect(broken.getByText("@acme/plugin-broken-backend 1.0.0 did not load: Error: Cannot find module 'left-pad'")).toBeInTheDocument();
    const todo = await rowOf('acme.todo');
    expect(todo.getByText('installed')).toBeInTheDocument();
    expect(todo.queryByText(/did not load/)).not.toBeInTheDocument();
  });

  it('does not remove a plugin that others need, and says which', async () => {
    const api = fakeMarketplaceApi({
      listInstalled: async () => [installed('acme.common')],
      getRemovalPlan: async pluginId => ({
        pluginId, version: '1.0.0', packages: [], configKeys: [], dataRemoval: 'none', warnings: [], dependents: ['acme.todo'], confirmRequired: false,
      }),
    });
    await renderPage(api);

    fireEvent.click((await rowOf('acme.common')).getByRole('button', { name: 'Remove acme.common' }));

    const dialog = within(await screen.findByRole('dialog'));
    expect(await dialog.findByText('acme.todo needs acme.common: remove it first.')).toBeInTheDocument();
    expect(dialog.getByRole('button', { name: 'Remove' })).toBeDisabled();
  });

  it('offers the planned update with from, to and the breaking flag, and opens its progress', async () => {
    const api = fakeMarketplaceApi({
      listInstalled: async () => [installed('acme.todo', { updateAvailable: true, latestVersion: '2.0.0' })],
      getUpdatePlan: async () => ({ updates: [{ pluginId: 'acme.todo', from: '1.0.0', to: '2.0.0', breaking: true }], problems: [] }),
      install: async () => ({
        batchId: 'b',
        plan: { ok: true, plugins: [], packages: [], problems: [], external: {} },
        jobs: [installJob({ id: 'job-7', pluginId: 'acme.todo', action: 'update', fromVersion: '1.0.0', version: '2.0.0' })],
        alreadyInProgress: [],
      }),
    });
    await renderPage(api);

    const row = await rowOf('acme.todo');
    expect(await row.findByText(/1\.0\.0 → 2\.0\.0/)).toBeInTheDocument();
    expect(row.getByText('breaking')).toBeInTheDocument();
    fireEvent.click(row.getByRole('button', { name: 'Update acme.todo to 2.0.0 (breaking)' }));

    await waitFor(() => expect(api.install).toHaveBeenCalledWith({ plugins: [{ pluginId: 'acme.todo', version: '2.0.0' }] }));
    expect(await screen.findByTestId('location')).toHaveTextContent('/marketplace/plugins/acme.todo/install?job=job-7');
  });

  it('updates everything at once with Update all, and lists the jobs it started and the updates it skipped', async () => {
    const api = fakeMarketplaceApi({
      listInstalled: async () => [
        installed('acme.notes', { updateAvailable: true, latestVersion: '1.1.0' }),
        installed('acme.big', { updateAvailable: true, latestVersion: '2.0.0' }),
      ],
      getUpdatePlan: async () => ({
        updates: [
          { pluginId: 'acme.notes', from: '1.0.0', to: '1.1.0', breaking: false },
          { pluginId: 'acme.big', from: '1.0.0', to: '2.0.0', breaking: true },
        ],
        problems: [],
      }),
      updatePlugins: async () => ({
        batchId: 'batch-9',
        jobs: [installJob({ id: 'job-9', batchId: 'batch-9', pluginId: 'acme.notes', action: 'update', fromVersion: '1.0.0', version: '1.1.0' })],
        skipped: [{ pluginId: 'acme.big', reason: '1.0.0 → 2.0.0 is a breaking update: send allowBreaking: true to take it' }],
        alreadyInProgress: [],
      }),
    });
    await renderPage(api);

    expect(await screen.findByText('The breaking update is left for you to take one by one.')).toBeInTheDocument();
    fireEvent.click(await screen.findByRole('button', { name: 'Update all' }));

    const started = within(await screen.findByRole('list', { name: 'Updates started' }));
    expect(started.getByRole('link', { name: 'update acme.notes 1.1.0' })).toHaveAttribute(
      'href',
      '/marketplace/plugins/acme.notes/install?job=job-9',
    );
    const skipped = within(screen.getByRole('list', { name: 'Updates skipped' }));
    expect(skipped.getByText('acme.big: 1.0.0 → 2.0.0 is a breaking update: send allowBreaking: true to take it')).toBeInTheDocument();
    expect(api.updatePlugins).toHaveBeenCalledTimes(1);
    expect(api.updatePlugins).toHaveBeenCalledWith();
    // The list and the plan are read again, now that the updates are on their way.
    await waitFor(() => expect(api.getUpdatePlan).toHaveBeenCalledTimes(2));
  });

  it('offers no Update all when nothing has an update', async () => {
    await renderPage(fakeMarketplaceApi({ listInstalled: async () => [installed('acme.current')] }));
    await rowOf('acme.current');
    await act(async () => {});
    expect(screen.queryByRole('button', { name: 'Update all' })).not.toBeInTheDocument();
  });

  it('offers no Update all to users who may not install', async () => {
    const api = fakeMarketplaceApi({
      listInstalled: async () => [installed('acme.locked', { updateAvailable: true, latestVersion: '1.1.0' })],
      getUpdatePlan: async () => ({ updates: [{ pluginId: 'acme.locked', from: '1.0.0', to: '1.1.0', breaking: false }], problems: [] }),
    });
    await renderPage(api, AuthorizeResult.DENY);

    expect(await (await rowOf('acme.locked')).findByText(/1\.0\.0 → 1\.1\.0/)).toBeInTheDocument();
    await act(async () => {});
    expect(screen.queryByRole('button', { name: 'Update all' })).not.toBeInTheDocument();
    expect(api.updatePlugins).not.toHaveBeenCalled();
  });

  it('shows each replica with what it does not run yet, and restarts them all one at a time for admins', async () => {
    const replica = (id: string, overrides: Partial<ReplicaStatus> = {}): ReplicaStatus => ({
      id,
      hostname: `host-${id}`,
      pid: 100,
      startedAt: '2026-11-30T00:00:00.000Z',
      lastSeenAt: '2026-11-30T00:01:00.000Z',
      supervised: true,
      self: false,
      restarting: false,
      behind: [],
      ...overrides,
    });
    let rolling = false;
    const api = fakeMarketplaceApi({
      listInstalled: async () => [installed('acme.backend'), installed('acme.other')],
      getRestartStatus: async () => ({
        supervised: true,
        startedAt: '2026-11-30T00:00:00.000Z',
        waiting: [],
        replicas: [
          replica('a', { self: true }),
          replica('b', {
            restarting: rolling,
            behind: [{ pluginId: 'acme.backend', message: 'does not run acme.backend 1.0.0 yet' }],
          }),
        ],
        ...(rolling
          ? { rolling: { requestedAt: '2026-11-30T00:02:00.000Z', requestedBy: 'user:default/ada', remaining: ['b'] } }
          : {}),
      }),
      restartBackend: async () => {
        rolling = true;
      },
    });
    await renderPage(api);

    const replicas = within(await screen.findByRole('list', { name: 'Backend replicas' }));
    expect(replicas.getByRole('listitem', { name: 'host-a (pid 100), this one' })).toHaveTextContent('runs what is installed');
    expect(within(replicas.getByRole('listitem', { name: 'host-b (pid 100)' })).getByRole('list')).toHaveTextContent(
      'does not run acme.backend 1.0.0 yet',
    );
    expect(await (await rowOf('acme.backend')).findByText('not yet on 1 of 2 replicas')).toBeInTheDocument();
    expect((await rowOf('acme.other')).queryByText(/replicas/)).not.toBeInTheDocument();

    // The button shows once the permission check has answered.
    fireEvent.click(await screen.findByRole('button', { name: 'Restart all replicas, one at a time' }));
    await waitFor(() => expect(api.restartBackend).toHaveBeenCalledWith({ replicas: 'all' }));
    // The page reloads the status (and polls it while the restart goes on): slow on a busy machine.
    expect(
      await screen.findByText(/Rolling restart asked for by user:default\/ada: 1 replica to go/, undefined, { timeout: 30_000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Restart all replicas, one at a time' })).toBeDisabled();
    expect(screen.getByText('restarting')).toBeInTheDocument();
  });

  it('shows no replicas panel for a single backend', async () => {
    const api = fakeMarketplaceApi({ listInstalled: async () => [installed('acme.backend')] });
    await renderPage(api);
    await rowOf('acme.backend');
    expect(api.getRestartStatus).toHaveBeenCalled();
    expect(screen.queryByRole('list', { name: 'Backend replicas' })).not.toBeInTheDocument();
  });

  it('shows what waits for a restart (installs and removals) with a restart for admins, and the jobs in progress', async () => {
    const api = fakeMarketplaceApi({
      listInstalled: async () => [installed('acme.backend', { status: 'pending-restart' })],
      getRestartStatus: async () => ({
        supervised: true,
        startedAt: '2026-11-30T00:00:00.000Z',
        waiting: [
          { pluginId: 'acme.backend', action: 'install', target: 'backend', message: 'acme.backend 1.0.0 loads after the restart' },
          { pluginId: 'acme.graph', action: 'uninstall', target: 'frontend', message: 'acme.graph is removed; the running app shows it until the restart' },
        ],
        replicas: [],
      }),
      listInstallJobs: async () => [
        installJob({ id: 'job-3', pluginId: 'acme.other', version: '3.0.0', state: 'downloading' }),
        installJob({ id: 'job-2', pluginId: 'acme.old', state: 'done' }),
      ],
    });
    await renderPage(api);

    expect(await (await rowOf('acme.backend')).findByText('pending restart')).toBeInTheDocument();
    const jobs = within(await screen.findByRole('list', { name: 'Jobs in progress' }));
    expect(jobs.getByRole('link', { name: 'install acme.other 3.0.0' })).toHaveAttribute(
      'href',
      '/marketplace/plugins/acme.other/install?job=job-3',
    );
    expect(jobs.queryByText(/acme.old/)).not.toBeInTheDocument();
    const waiting = within(screen.getByRole('list', { name: 'Waiting for a restart' }));
    expect(waiting.getAllByRole('listitem').map(item => item.textContent)).toEqual([
      'acme.backend 1.0.0 loads after the restart',
      'acme.graph is removed; the running app shows it until the restart',
    ]);

    fireEvent.click(await screen.findByRole('button', { name: 'Restart backend to finish' }));
    await waitFor(() => expect(api.restartBackend).toHaveBeenCalled());
  });

  it('offers no Update or Remove to users who may not install', async () => {
    // A plugin id no other test asked about: permission answers are cached per resource.
    await renderPage(fakeMarketplaceApi({ listInstalled: async () => [installed('acme.private')] }), AuthorizeResult.DENY);

    const row = await rowOf('acme.private');
    await act(async () => {});
    expect(row.getByText('Up to date')).toBeInTheDocument();
    expect(row.queryByRole('button', { name: 'Remove acme.private' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Restart backend to finish' })).not.toBeInTheDocument();
  });
});
