import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { InstallJob, InstallJobEvent, ReplicaStatus, RestartStatus } from '@internal/backstage-plugin-marketplace-common';
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { MarketplaceApi, marketplaceApiRef } from '../../api';
import { installJob, jobEvent } from '../../__testUtils__/fakeMarketplaceApi';
import { wizardApi } from '../../__testUtils__/wizardTestData';
import { pluginDetails } from '../PluginDetailsPage/testData';
import { InstallWizardPage } from './InstallWizardPage';

configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);

const LocationProbe = () => {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
};

async function render(api: MarketplaceApi, url: string) {
  await renderInTestApp(
    <>
      <InstallWizardPage />
      <LocationProbe />
    </>,
    {
      mountPath: '/marketplace/plugins/:pluginId/install',
      initialRouteEntries: [url],
      apis: [
        [marketplaceApiRef, api],
        mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
      ],
    },
  );
}

const todoJob = (overrides: Partial<InstallJob> = {}) =>
  installJob({ id: 'job-1', pluginId: 'acme.todo', version: '2.1.0', startedAt: '2026-12-01T00:00:00.000Z', ...overrides });

/**
 * An engine that answers each events poll with the next of `answers` (the
 * last one repeats), each a job and the events that came since.
 */
function scripted(answers: Array<{ job: InstallJob; items: InstallJobEvent[] }>, overrides: Partial<MarketplaceApi> = {}) {
  let next = 0;
  return wizardApi({
    install: async request => ({
      batchId: 'batch-1',
      plan: { ok: true, plugins: [], packages: [], problems: [], external: {} },
      jobs: [todoJob({ version: request.plugins[0].version })],
      alreadyInProgress: [],
    }),
    getInstallJob: async () => answers[0].job,
    listInstallJobs: async () => [answers[0].job],
    getInstallJobEvents: async () => answers[Math.min(next++, answers.length - 1)],
    ...overrides,
  });
}

const jobRegion = () => screen.findByRole('region', { name: 'Install Todo 2.1.0' });
const jobState = () => screen.getByRole('status', { name: 'Install Todo 2.1.0: state' });
const eventList = () => screen.getByRole('list', { name: 'Events of Install Todo 2.1.0' });
async function pressInstall() {
  const install = await screen.findByRole('button', { name: 'Install Todo 2.1.0' });
  await waitFor(() => expect(install).toBeEnabled());
  fireEvent.click(install);
}

describe('Installing from the wizard', () => {
  it('starts the install on Confirm with the version and configuration, then follows it to done', async () => {
    const api = scripted([
      { job: todoJob({ state: 'downloading' }), items: [
        jobEvent(1, { step: 'resolving', status: 'succeeded', message: 'Resolved 1 package', durationMs: 40, createdAt: '2026-12-01T00:00:00.040Z' }),
        jobEvent(2, { step: 'downloading', status: 'started', package: '@acme/plugin-todo', message: 'Downloading', createdAt: '2026-12-01T00:00:00.050Z' }),
      ] },
      { job: todoJob({ state: 'done', target: 'sandbox', result: { status: 'installed', message: 'Running in its sandbox.' } }), items: [
        jobEvent(3, { step: 'downloading', status: 'succeeded', package: '@acme/plugin-todo', message: 'Downloaded', durationMs: 1250, output: 'npm notice 12 kB', createdAt: '2026-12-01T00:00:01.300Z' }),
      ] },
    ], {
      getPlugin: async () =>
        pluginDetails({
          spec: {
            ...pluginDetails().spec,
            provides: [{ type: 'route', id: '/api/marketplace/runtime/acme.todo/hello', description: 'Greets' }],
          },
        }),
    });
    await render(api, '/marketplace/plugins/acme.todo/install?step=confirm');

    await pressInstall();

    await waitFor(() =>
      expect(api.install).toHaveBeenCalledWith({
        plugins: [{ pluginId: 'acme.todo', version: '2.1.0' }],
        config: { 'acme.todo': { todo: { baseUrl: 'https://todo.acme.example' } } },
      }),
    );
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('job=job-1'));
    const job = within(await jobRegion());
    await waitFor(() => expect(jobState()).toHaveTextContent('done'));
    expect(eventList().children).toHaveLength(3);
    expect(job.getByText(/Downloaded \(1.3 s\)/)).toBeInTheDocument();
    expect(job.getByText('+1.3 s')).toBeInTheDocument();
    expect(job.getByText('npm notice 12 kB')).toBeInTheDocument();
    expect(job.getByText(/Todo is live now\. Running in its sandbox\./)).toBeInTheDocument();
    expect(job.getByRole('button', { name: 'Call /api/marketplace/runtime/acme.todo/hello' })).toBeInTheDocument();
    expect(job.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
  });

  it("shows the failed package's error, and Retry runs the job again to done", async () => {
    const failed = todoJob({
      state: 'failed',
      rolledBack: true,
      error: { step: 'downloading', package: '@acme/plugin-todo', message: 'registry answered 404' },
      packages: [{ name: '@acme/plugin-todo', version: '2.1.0', role: 'frontend-plugin', status: 'failed', error: 'tarball not found (404)' }],
    });
    let retried = false;
    const api = scripted([], {
      getInstallJob: async () => failed,
      listInstallJobs: async () => [failed],
      getInstallJobEvents: async () =>
        retried
          ? { job: todoJob({ state: 'done', attempt: 2, target: 'frontend', result: { status: 'pending-rebuild', message: 'Rebuild the app to show it.' } }), items: [jobEvent(9, { attempt: 2, step: 'done', status: 'info', message: 'Installed' })] }
          : { job: failed, items: [jobEvent(1, { step: 'downloading', status: 'failed', message: 'registry answered 404' })] },
      retryInstallJob: async id => {
        retried = true;
        return todoJob({ id, state: 'queued', attempt: 2 });
      },
    });
    await render(api, '/marketplace/plugins/acme.todo/install?job=job-1');

    const job = within(await jobRegion());
    expect(await job.findByText('Failed while downloading @acme/plugin-todo: registry answered 404 What it had done was undone.')).toBeInTheDocument();
    expect(job.getByText('@acme/plugin-todo@2.1.0: tarball not found (404)')).toBeInTheDocument();

    fireEvent.click(job.getByRole('button', { name: 'Retry' }));

    await waitFor(() => expect(api.retryInstallJob).toHaveBeenCalledWith('job-1'));
    await waitFor(() => expect(jobState()).toHaveTextContent('pending rebuild'));
    expect(job.getByText('attempt 2')).toBeInTheDocument();
    expect(job.getByText('Rebuild the app to show it.')).toBeInTheDocument();
    expect(job.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
  });

  it('cancels a running job, which ends cancelled and rolled back', async () => {
    let cancelled = false;
    const running = todoJob({ state: 'downloading' });
    const api = scripted([], {
      getInstallJob: async () => running,
      listInstallJobs: async () => [running],
      getInstallJobEvents: async () =>
        cancelled
          ? { job: todoJob({ state: 'cancelled', rolledBack: true }), items: [jobEvent(5, { step: 'cancelled', status: 'info', message: 'Cancelled by user:default/guest' })] }
          : { job: running, items: [] },
      cancelInstallJob: async id => {
        cancelled = true;
        return todoJob({ id, state: 'downloading', cancelRequested: true });
      },
    });
    await render(api, '/marketplace/plugins/acme.todo/install?job=job-1');

    const job = within(await jobRegion());
    await waitFor(() => expect(jobState()).toHaveTextContent('downloading'));
    fireEvent.click(job.getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(api.cancelInstallJob).toHaveBeenCalledWith('job-1'));
    await waitFor(() => expect(jobState()).toHaveTextContent('cancelled'));
    expect(job.getByText(/Cancelled; what it had done was undone/)).toBeInTheDocument();
    expect(job.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('re-attaches to the job in the URL after a reload, without starting another install', async () => {
    const api = scripted([
      { job: todoJob({ state: 'activating' }), items: [jobEvent(1), jobEvent(2, { step: 'activating', status: 'started', message: 'Loading the plugin' })] },
      { job: todoJob({ state: 'done', target: 'backend', result: { status: 'pending-restart', message: 'Loads after a backend restart.' } }), items: [] },
    ]);
    await render(api, '/marketplace/plugins/acme.todo/install?job=job-1');

    expect(await screen.findByRole('heading', { level: 1, name: 'Installing Todo' })).toBeInTheDocument();
    const job = within(await jobRegion());
    await waitFor(() => expect(jobState()).toHaveTextContent('pending restart'));
    expect(eventList()).toHaveTextContent('activating started: Loading the plugin');
    expect(api.getInstallJob).toHaveBeenCalledWith('job-1');
    expect(api.install).not.toHaveBeenCalled();

    fireEvent.click(await job.findByRole('button', { name: 'Restart backend to finish' }));
    await waitFor(() => expect(api.restartBackend).toHaveBeenCalled());
    expect(await job.findByText(/The backend is restarting/)).toBeInTheDocument();
  });

  it('restarts every replica one at a time when there are several, and says when all have', async () => {
    const replica = (id: string): ReplicaStatus => ({
      id,
      hostname: id,
      pid: 1,
      startedAt: '2026-11-30T00:00:00.000Z',
      lastSeenAt: '2026-11-30T00:00:00.000Z',
      supervised: true,
      self: id === 'a',
      restarting: false,
      behind: [],
    });
    const rolling = { requestedAt: '2026-11-30T00:01:00.000Z', requestedBy: 'user:default/ada', remaining: ['a', 'b'] };
    const statuses: RestartStatus[] = [
      { supervised: true, startedAt: '2026-11-30T00:00:00.000Z', waiting: [], replicas: [replica('a'), replica('b')] },
      { supervised: true, startedAt: '2026-11-30T00:00:00.000Z', waiting: [], replicas: [replica('a'), replica('b')], rolling },
    ];
    let polls: number | undefined;
    const api = scripted(
      [{ job: todoJob({ state: 'done', target: 'backend', result: { status: 'pending-restart', message: 'Loads after a backend restart.' } }), items: [] }],
      {
        restartBackend: async () => {
          polls = 0;
        },
        getRestartStatus: async () => {
          if (polls === undefined) return statuses[0];
          polls++;
          // After the request one poll reaches a replica that is down, one finds the restart under way, then it is over.
          if (polls === 1) throw new Error('connection refused');
          return statuses[polls === 2 ? 1 : 0];
        },
      },
    );
    await render(api, '/marketplace/plugins/acme.todo/install?job=job-1');

    const job = within(await jobRegion());
    fireEvent.click(await job.findByRole('button', { name: 'Restart all 2 backend replicas to finish' }));
    await waitFor(() => expect(api.restartBackend).toHaveBeenCalledWith({ replicas: 'all' }));
    expect(await job.findByText(/The backend replicas restart one at a time/)).toBeInTheDocument();
    expect(await job.findByText(/Every backend replica has restarted\./, undefined, { timeout: 15_000 })).toBeInTheDocument();
    expect(polls).toBe(3);
  });

  it("says why the install did not start when the backend refuses it", async () => {
    const api = scripted([], {
      install: async () => {
        throw new Error('Not allowed: marketplace.plugin.install');
      },
    });
    await render(api, '/marketplace/plugins/acme.todo/install?step=confirm');

    await pressInstall();

    expect(await screen.findByText('The install did not start: Not allowed: marketplace.plugin.install')).toBeInTheDocument();
    expect(screen.getByTestId('location')).not.toHaveTextContent('job=');
  });
});
