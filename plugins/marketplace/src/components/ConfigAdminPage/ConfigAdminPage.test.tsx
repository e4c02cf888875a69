import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ConfigRevision } from '@internal/backstage-plugin-marketplace-common';
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MarketplaceApi, marketplaceApiRef } from '../../api';
import { fakeMarketplaceApi } from '../../__testUtils__/fakeMarketplaceApi';
import { responseError } from '../../__testUtils__/responseError';
import { todoForm } from '../../__testUtils__/wizardTestData';
import { ConfigAdminPage } from './ConfigAdminPage';

// The form library compiles schemas on first use; slow on a busy machine.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);

const conflict = () => responseError(409, 'ConflictError', 'The managed config is at revision 4, not 3');

function revision(n: number, overrides: Partial<ConfigRevision> = {}): ConfigRevision {
  return {
    revision: n,
    author: 'user:default/ada',
    message: `Change ${n}`,
    createdAt: `2026-12-0${n}T10:00:00.000Z`,
    diff: `--- a\n+++ b\n@@ -1 +1 @@\n-size: ${n - 1}\n+size: ${n}\n`,
    appliedLive: true,
    ...overrides,
  };
}

async function renderPage(api: MarketplaceApi, options: { url?: string } = {}) {
  return renderInTestApp(<ConfigAdminPage />, {
    mountPath: '/marketplace/admin/config',
    initialRouteEntries: [options.url ?? '/marketplace/admin/config'],
    apis: [[marketplaceApiRef, api]],
  });
}

const managed = { path: 'app-config.marketplace.yaml', yaml: 'todo:\n  size: 1\n', revision: 3 };

describe('ConfigAdminPage', () => {
  it('tells a user the backend does not allow to configure plugins that they may not, and shows nothing else', async () => {
    const forbidden = await responseError(403, 'NotAllowedError', 'Not allowed: marketplace.plugin.configure');
    const api = fakeMarketplaceApi({
      getManagedConfig: async () => {
        throw forbidden;
      },
    });
    await renderPage(api, { url: '/marketplace/admin/config?tab=history' });

    expect(await screen.findByText('You are not allowed to edit the managed configuration')).toBeInTheDocument();
    expect(screen.queryByRole('tab')).not.toBeInTheDocument();
    expect(api.listConfigRevisions).not.toHaveBeenCalled();
  });

  it('shows other failures to reach the managed config as errors, not as a refusal', async () => {
    const api = fakeMarketplaceApi({
      getManagedConfig: async () => {
        throw new Error('The marketplace is down');
      },
    });
    await renderPage(api);

    expect((await screen.findAllByText(/The marketplace is down/)).length).toBeGreaterThan(0);
    expect(screen.queryByText('You are not allowed to edit the managed configuration')).not.toBeInTheDocument();
  });

  it('validates the raw YAML with line numbers, and on a conflicting save says to reload', async () => {
    const error = await conflict();
    const api = fakeMarketplaceApi({
      getManagedConfig: async () => managed,
      validateManagedConfig: async () => ({
        valid: false,
        errors: [{ path: '/todo/size', message: 'must be number', line: 2 }],
      }),
      saveManagedConfig: async () => {
        throw error;
      },
    });
    await renderPage(api);

    const editor = await screen.findByRole('textbox', { name: 'Managed config (YAML)' });
    expect(editor).toHaveValue('todo:\n  size: 1\n');
    fireEvent.change(editor, { target: { value: 'todo:\n  size: big\n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Validate' }));

    expect(await screen.findByRole('list', { name: 'Configuration problems' })).toHaveTextContent(
      'Line 2: /todo/size must be number',
    );
    expect(api.validateManagedConfig).toHaveBeenCalledWith('todo:\n  size: big\n');

    const save = screen.getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled();
    fireEvent.change(screen.getByRole('textbox', { name: /What changed and why/ }), { target: { value: 'Bigger' } });
    fireEvent.click(save);

    expect(await screen.findByText(/someone else changed the managed config since you opened it/)).toBeInTheDocument();
    expect(screen.getByText(/The managed config is at revision 4, not 3/)).toBeInTheDocument();
    expect(api.saveManagedConfig).toHaveBeenCalledWith({
      yaml: 'todo:\n  size: big\n',
      message: 'Bigger',
      baseRevision: 3,
    });

    api.getManagedConfig.mockResolvedValue({ ...managed, yaml: 'todo:\n  size: 4\n', revision: 4 });
    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Managed config (YAML)' })).toHaveValue('todo:\n  size: 4\n'));
    expect(screen.getByText(/at revision 4/)).toBeInTheDocument();
  });

  it('saves the raw YAML as a new revision and says whether it took effect live', async () => {
    const api = fakeMarketplaceApi({
      getManagedConfig: async () => managed,
      saveManagedConfig: async () => revision(4, { appliedLive: false }),
    });
    await renderPage(api);

    fireEvent.change(await screen.findByRole('textbox', { name: 'Managed config (YAML)' }), {
      target: { value: 'todo:\n  size: 2\n' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: /What changed and why/ }), { target: { value: 'Two' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText(/Saved as revision 4\. It takes effect when the backend restarts\./)).toBeInTheDocument();
  });

  it("edits an installed plugin's part with its form and saves it with the revision it was read at", async () => {
    let loads = 0;
    const api = fakeMarketplaceApi({
      getManagedConfig: async () => managed,
      listInstalled: async () => [
        {
          pluginId: 'acme.todo',
          version: '2.1.0',
          status: 'installed',
          installedAt: '2026-12-01T00:00:00.000Z',
          installedBy: 'user:default/ada',
          updateAvailable: false,
        },
      ],
      getConfigurationForm: async () => {
        // Reloads answer later, as over a network, so the page is seen while it reloads.
        if (loads++ > 0) await new Promise(resolve => setTimeout(resolve, 200));
        return todoForm();
      },
      saveManagedConfig: async () => revision(4),
    });
    await renderPage(api, { url: '/marketplace/admin/config?tab=plugins' });

    fireEvent.change(await screen.findByRole('combobox', { name: 'Plugin' }), { target: { value: 'acme.todo' } });
    const baseUrl = await screen.findByRole('textbox', { name: 'Base URL' });
    expect(baseUrl).toHaveValue('https://todo.acme.example');
    fireEvent.change(baseUrl, { target: { value: 'https://todo.internal' } });
    fireEvent.change(screen.getByRole('textbox', { name: /What changed and why/ }), { target: { value: 'Internal API' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText(/Saved as revision 4\. It took effect without a restart\./)).toBeInTheDocument();
    // The form reloads at the new revision, and the outcome stays on screen through that reload.
    await waitFor(() => expect(api.getConfigurationForm).toHaveBeenCalledTimes(2));
    expect(screen.getByRole('textbox', { name: 'Base URL' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Base URL' })).toHaveValue('https://todo.acme.example'));
    expect(screen.getByText(/Saved as revision 4\. It took effect without a restart\./)).toBeInTheDocument();
    expect(api.saveManagedConfig).toHaveBeenCalledWith({
      pluginId: 'acme.todo',
      config: { todo: { baseUrl: 'https://todo.internal', pageSize: 20 } },
      message: 'Internal API',
      baseRevision: 3,
    });
  });

  it('lists the history, shows the diff of a revision, and rolls back after confirmation', async () => {
    const api = fakeMarketplaceApi({
      listConfigRevisions: async () => [revision(3), revision(2), revision(1, { appliedLive: false })],
      rollbackConfig: async target => revision(4, { rollbackOf: target, message: `Roll back to ${target}` }),
    });
    await renderPage(api, { url: '/marketplace/admin/config?tab=history' });

    const table = within(await screen.findByRole('table', { name: 'Revisions of the managed config' }));
    expect(table.getByText('Change 2')).toBeInTheDocument();
    expect(table.getAllByText('user:default/ada')).toHaveLength(3);
    expect(table.getByText('needs a restart')).toBeInTheDocument();
    // The newest revision is the file as it is: nothing to roll back to.
    expect(table.getByRole('button', { name: 'Roll back to revision 3' })).toBeDisabled();

    fireEvent.click(table.getByRole('button', { name: 'Changes of revision 2' }));
    const diff = await screen.findByRole('region', { name: 'Changes of revision 2: unified diff' });
    expect(diff).toHaveTextContent('removed: size: 1');
    expect(diff).toHaveTextContent('added: size: 2');

    fireEvent.click(table.getByRole('button', { name: 'Roll back to revision 1' }));
    const dialog = await screen.findByRole('dialog', { name: 'Roll back to revision 1?' });
    expect(api.rollbackConfig).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));

    expect(await screen.findByText(/Rolled back to revision 1: saved as revision 4\./)).toBeInTheDocument();
    expect(api.rollbackConfig).toHaveBeenCalledWith(1, { baseRevision: 3 });
    await waitFor(() => expect(api.listConfigRevisions).toHaveBeenCalledTimes(2));
  });

  it('cancels a rollback without changing anything', async () => {
    const api = fakeMarketplaceApi({ listConfigRevisions: async () => [revision(2), revision(1)] });
    await renderPage(api, { url: '/marketplace/admin/config?tab=history' });

    fireEvent.click(await screen.findByRole('button', { name: 'Roll back to revision 1' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.rollbackConfig).not.toHaveBeenCalled();
  });
});
