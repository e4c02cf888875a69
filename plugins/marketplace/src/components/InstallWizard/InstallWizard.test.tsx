import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { MarketplaceApi, marketplaceApiRef } from '../../api';
import { pluginDetails } from '../PluginDetailsPage/testData';
import { InstallWizardPage } from './InstallWizardPage';
import { responseError } from '../../__testUtils__/responseError';
import { todoForm, todoPlan, wizardApi } from '../../__testUtils__/wizardTestData';

// The form library compiles schemas on first use; on a busy machine that
// takes seconds, which is no failure of the wizard.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);

const LocationProbe = () => {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
};

async function renderWizard(
  options: { api?: MarketplaceApi; url?: string; authorize?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {},
) {
  const api = options.api ?? wizardApi();
  await renderInTestApp(
    <>
      <InstallWizardPage />
      <LocationProbe />
    </>,
    {
      mountPath: '/marketplace/plugins/:pluginId/install',
      initialRouteEntries: [options.url ?? '/marketplace/plugins/acme.todo/install'],
      apis: [
        [marketplaceApiRef, api],
        mockApis.permission({ authorize: options.authorize ?? AuthorizeResult.ALLOW }),
      ],
    },
  );
  return api;
}

const next = () => screen.getByRole('button', { name: /^Next: / });
const stepHeading = (name: string) => screen.findByRole('heading', { level: 2, name });

describe('InstallWizardPage', () => {
  it('moves between steps with Next, Back and the stepper, keeping the version and typed configuration', async () => {
    const api = await renderWizard();

    expect(await screen.findByRole('heading', { level: 1, name: 'Install Todo' })).toBeInTheDocument();
    // The versions load on their own: choosing one before they are there would choose nothing.
    await screen.findByRole('option', { name: /^2\.0\.0/ });
    fireEvent.change(screen.getByLabelText('Version'), { target: { value: '2.0.0' } });
    await waitFor(() =>
      expect(api.planInstall).toHaveBeenLastCalledWith({ plugins: [{ pluginId: 'acme.todo', version: '2.0.0' }] }),
    );

    fireEvent.click(next());
    expect(await stepHeading('Permissions')).toHaveFocus();
    expect(screen.getByTestId('location')).toHaveTextContent('/marketplace/plugins/acme.todo/install?step=permissions');
    fireEvent.click(next());
    expect(await stepHeading('Dependencies')).toHaveFocus();
    fireEvent.click(await screen.findByRole('button', { name: 'Next: Configure' }));
    expect(await stepHeading('Configure')).toHaveFocus();

    const baseUrl = await screen.findByRole('textbox', { name: 'Base URL' });
    expect(baseUrl).toHaveValue('https://todo.acme.example');
    fireEvent.change(baseUrl, { target: { value: 'https://todo.internal' } });
    fireEvent.change(screen.getByRole('textbox', { name: /Token \(environment variable name\)/ }), {
      target: { value: 'TODO_TOKEN' },
    });

    fireEvent.click(next());
    expect(await stepHeading('Preview')).toBeInTheDocument();
    await waitFor(() =>
      expect(api.previewPluginConfig).toHaveBeenCalledWith('acme.todo', {
        todo: { baseUrl: 'https://todo.internal', pageSize: 20, token: '${TODO_TOKEN}' },
      }),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('textbox', { name: 'Base URL' })).toHaveValue('https://todo.internal');
    expect(screen.getByRole('textbox', { name: /Token/ })).toHaveValue('TODO_TOKEN');

    fireEvent.click(within(screen.getByRole('navigation', { name: 'Install steps' })).getByRole('button', { name: /Overview/ }));
    expect(await stepHeading('Overview')).toHaveFocus();
    expect(screen.getByLabelText('Version')).toHaveValue('2.0.0');
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Install steps' })).getByRole('button', { name: /Configure/ }));
    expect(await screen.findByRole('textbox', { name: 'Base URL' })).toHaveValue('https://todo.internal');
  });

  it('lists what else comes with the plugin, and why', async () => {
    await renderWizard({ url: '/marketplace/plugins/acme.todo/install?step=dependencies' });

    const plugins = within(await screen.findByRole('table', { name: 'Plugins in the plan' }));
    const common = within(plugins.getByText('Acme Common').closest('tr')!);
    expect(common.getByText('1.4.0')).toBeInTheDocument();
    expect(common.getByText('Needed by Todo')).toBeInTheDocument();
    expect(screen.getByText('Todo brings 1 other plugin with it. Planned for Backstage 1.55.0.')).toBeInTheDocument();
    expect(screen.getByText('@acme/plugin-common')).toBeInTheDocument();
    expect(screen.getByText('react ^18.0.0')).toBeInTheDocument();
    expect(next()).toBeEnabled();
  });

  it('explains a blocking problem in words and does not let the user go on', async () => {
    const api = wizardApi({
      planInstall: async () =>
        todoPlan({
          ok: false,
          problems: [
            {
              kind: 'backstage-incompatible',
              severity: 'error',
              pluginId: 'acme.todo',
              message: 'Todo 2.1.0 needs Backstage >=1.60.0; this app is 1.55.0',
              suggestion: 'Todo 1.9.0 fits: install that version instead',
              involves: ['acme.todo'],
            },
          ],
        }),
    });
    await renderWizard({ api, url: '/marketplace/plugins/acme.todo/install?step=dependencies' });

    expect(await screen.findByText('Todo 2.1.0 needs Backstage >=1.60.0; this app is 1.55.0')).toBeInTheDocument();
    expect(screen.getByText('Suggestion: Todo 1.9.0 fits: install that version instead')).toBeInTheDocument();
    expect(next()).toBeDisabled();
    expect(next()).toHaveAccessibleDescription(/A problem above blocks the install/);
    const steps = within(screen.getByRole('navigation', { name: 'Install steps' }));
    expect(steps.getByRole('button', { name: /Configure/ })).toBeDisabled();
    expect(steps.getByRole('button', { name: /Confirm/ })).toBeDisabled();
  });

  it('falls back from a link to a later step to the step that blocks it', async () => {
    const api = wizardApi({ planInstall: async () => todoPlan({ ok: false }) });
    await renderWizard({ api, url: '/marketplace/plugins/acme.todo/install?step=confirm' });

    expect(await stepHeading('Dependencies')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('?step=dependencies');
    expect(screen.queryByRole('button', { name: /Install Todo/ })).not.toBeInTheDocument();
  });

  it("shows the backend's validation errors at their fields as the user types", async () => {
    const validatePluginConfig = jest.fn(async (_id: string, config: any) =>
      config.todo?.baseUrl?.startsWith('https://')
        ? { valid: true, errors: [] }
        : { valid: false, errors: [{ path: '/todo/baseUrl', message: 'must be an https URL' }] },
    );
    await renderWizard({
      api: wizardApi({ validatePluginConfig }),
      url: '/marketplace/plugins/acme.todo/install?step=configure',
    });

    const baseUrl = await screen.findByRole('textbox', { name: 'Base URL' });
    fireEvent.change(baseUrl, { target: { value: 'ftp://todo' } });

    await waitFor(() => expect(baseUrl).toHaveAccessibleDescription(/must be an https URL/));
    expect(validatePluginConfig).toHaveBeenLastCalledWith('acme.todo', { todo: { baseUrl: 'ftp://todo', pageSize: 20 } });
    expect(screen.getByText('1 problem to fix: see the messages under the fields.')).toBeInTheDocument();
    expect(next()).toBeDisabled();

    fireEvent.change(baseUrl, { target: { value: 'https://todo' } });
    await waitFor(() => expect(screen.getByText('The configuration is valid.')).toBeInTheDocument());
    expect(baseUrl).not.toHaveAccessibleDescription(/must be an https URL/);
    expect(next()).toBeEnabled();
  });

  it('says when a plugin needs no configuration', async () => {
    const api = wizardApi({
      getConfigurationForm: async () => todoForm({ schema: {}, formData: {}, required: false }),
    });
    await renderWizard({ api, url: '/marketplace/plugins/acme.todo/install?step=configure' });

    expect(await screen.findByText('Todo needs no configuration: there is nothing to fill in here.')).toBeInTheDocument();
    fireEvent.click(next());
    expect(await screen.findByText(/installing it leaves the managed config as it is/)).toBeInTheDocument();
    expect(api.previewPluginConfig).not.toHaveBeenCalled();
  });

  it('previews the managed config with a readable diff, the whole file and the validation result', async () => {
    await renderWizard({ url: '/marketplace/plugins/acme.todo/install?step=preview' });

    expect(await screen.findByText('2 lines added, 1 removed')).toBeInTheDocument();
    const diff = screen.getByRole('region', { name: 'Changes to the managed config: unified diff' });
    const added = [...diff.querySelectorAll('[data-diff="added"]')].map(line => line.textContent);
    expect(added).toEqual(['+added: todo:', '+added:   baseUrl: https://todo.acme.example']);
    expect(diff.querySelector('[data-diff="removed"]')).toHaveTextContent('removed: {}');
    expect(screen.getByRole('region', { name: /after the change, YAML/ })).toHaveTextContent(
      'todo: baseUrl: https://todo.acme.example',
    );
    expect(screen.getByText("The configuration is valid against the plugin's schema.")).toBeInTheDocument();
  });

  it('shows a preview that fails validation with each error and its line', async () => {
    const api = wizardApi({
      previewPluginConfig: async () => ({
        yaml: 'todo:\n  pageSize: -1\n',
        diff: '',
        validation: { valid: false, errors: [{ path: '/todo/pageSize', message: 'must be >= 1', line: 2 }] },
      }),
    });
    await renderWizard({ api, url: '/marketplace/plugins/acme.todo/install?step=preview' });

    const problems = await screen.findByRole('list', { name: 'Configuration problems' });
    expect(problems).toHaveTextContent('Line 2: /todo/pageSize must be >= 1');
  });

  it('says that previewing needs the configure permission when the backend refuses it', async () => {
    const forbidden = await responseError(403, 'NotAllowedError', 'Not allowed: marketplace.plugin.configure');
    const api = wizardApi({
      previewPluginConfig: async () => {
        throw forbidden;
      },
    });
    await renderWizard({ api, url: '/marketplace/plugins/acme.todo/install?step=preview' });

    expect(await screen.findByText(/Previewing the managed config needs the/)).toBeInTheDocument();
  });

  it('confirms with a summary and an Install that starts nothing until pressed', async () => {
    const api = await renderWizard({ url: '/marketplace/plugins/acme.todo/install?step=confirm' });

    expect(await stepHeading('Confirm')).toBeInTheDocument();
    expect(await screen.findByText('Acme Common 1.4.0')).toBeInTheDocument();
    expect(await screen.findByText('2 lines added and 1 removed in the managed config (valid)')).toBeInTheDocument();
    const install = await screen.findByRole('button', { name: 'Install Todo 2.1.0' });
    expect(install).toBeEnabled();
    expect(install).toHaveAccessibleDescription(/Installs the plan and configuration above/);
    // Nothing was saved, changed or installed on the way.
    expect(api.saveManagedConfig).not.toHaveBeenCalled();
    expect(api.install).not.toHaveBeenCalled();
  });

  it('exports the install as a change: the patch in a labelled dialog, downloaded as <pluginId>.patch or copied', async () => {
    const diff = [
      'diff --git a/packages/app/package.json b/packages/app/package.json',
      '--- a/packages/app/package.json',
      '+++ b/packages/app/package.json',
      '@@ -1,3 +1,4 @@',
      '   "dependencies": {',
      '+    "@acme/plugin-todo": "2.1.0",',
      '     "react": "^18.0.0"',
      '',
    ].join('\n');
    const exported = {
      summary: 'Adds Todo 2.1.0 (requested) to the app as a change to review.\n',
      files: [{ path: 'packages/app/package.json', diff }],
      patch: diff,
    };
    const api = wizardApi({ exportInstall: async () => exported });
    await renderWizard({ api, url: '/marketplace/plugins/acme.todo/install?step=confirm' });

    const button = await screen.findByRole('button', { name: 'Export as change' });
    await waitFor(() => expect(button).toBeEnabled());
    expect(button).toHaveAccessibleDescription(/a patch of package.json, the backend and app-config.yaml .* it installs nothing/);
    button.focus();
    fireEvent.click(button);

    const dialog = await screen.findByRole('dialog', { name: 'Export Todo 2.1.0 as a change' });
    expect(await within(dialog).findByText(/^Adds Todo 2\.1\.0/)).toBeInTheDocument();
    expect(dialog).toHaveAccessibleDescription(/Adds Todo 2\.1\.0 \(requested\)/);
    await waitFor(() => expect(within(dialog).getByRole('heading', { level: 2, name: 'Export Todo 2.1.0 as a change' })).toHaveFocus());
    expect(within(dialog).getByRole('heading', { level: 3, name: 'packages/app/package.json' })).toBeInTheDocument();
    expect(within(dialog).getByRole('region', { name: 'packages/app/package.json: unified diff' })).toHaveTextContent(
      'added: "@acme/plugin-todo": "2.1.0",',
    );
    expect(api.exportInstall).toHaveBeenCalledWith({
      plugins: [{ pluginId: 'acme.todo', version: '2.1.0' }],
      config: { 'acme.todo': expect.objectContaining({ todo: expect.any(Object) }) },
    });

    const createObjectURL = jest.fn((_blob: Blob) => 'blob:the-patch');
    const saved: Array<{ download: string; href: string }> = [];
    const { createObjectURL: originalCreate, revokeObjectURL: originalRevoke } = URL;
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function save(this: HTMLAnchorElement) {
      saved.push({ download: this.download, href: this.href });
    });
    const writeText = jest.fn(async (_text: string) => {});
    Object.assign(navigator, { clipboard: { writeText } });
    try {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Download .patch' }));
      expect(saved).toEqual([{ download: 'acme.todo.patch', href: 'blob:the-patch' }]);
      const blob = createObjectURL.mock.calls[0][0];
      expect(await new Response(blob).text()).toBe(diff);
      expect(within(dialog).getByRole('status')).toHaveTextContent('Saved as acme.todo.patch.');

      fireEvent.click(within(dialog).getByRole('button', { name: 'Copy' }));
      await waitFor(() => expect(within(dialog).getByRole('status')).toHaveTextContent('Patch copied.'));
      expect(writeText).toHaveBeenCalledWith(diff);
    } finally {
      click.mockRestore();
      Object.assign(URL, { createObjectURL: originalCreate, revokeObjectURL: originalRevoke });
    }

    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(button).toHaveFocus();
    expect(api.install).not.toHaveBeenCalled();
  });

  it('tells a user who may not install the plugin so, without an Install button', async () => {
    const plugin = pluginDetails({ id: 'acme.denied' });
    await renderWizard({
      api: wizardApi({ getPlugin: async () => plugin }),
      url: '/marketplace/plugins/acme.denied/install?step=confirm',
      authorize: AuthorizeResult.DENY,
    });

    expect(await screen.findByText('You are not allowed to install Todo. A platform admin can install it with this plan.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Install Todo/ })).not.toBeInTheDocument();
    // Reading the plugin is permission enough to export the install as a change.
    expect(screen.getByRole('button', { name: 'Export as change' })).toBeInTheDocument();
  });

  it('says plainly when there is no such plugin', async () => {
    const error = Object.assign(new Error('No plugin nope'), { name: 'NotFoundError' });
    await renderWizard({
      api: wizardApi({
        getPlugin: async () => {
          throw error;
        },
      }),
      url: '/marketplace/plugins/nope/install',
    });

    expect(await screen.findByText('No plugin with id “nope”')).toBeInTheDocument();
  });
});
