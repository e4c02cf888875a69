import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { ResponseError } from '@backstage/errors';
import { PluginDetails } from '@internal/backstage-plugin-marketplace-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { MarketplaceApi, marketplaceApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { PluginDetailsPage } from './PluginDetailsPage';
import { detailsApi, pluginDetails } from './testData';

const LocationProbe = () => {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
};

async function renderPage(
  options: {
    api?: MarketplaceApi;
    url?: string;
    authorize?: (request: EvaluatePermissionRequest) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  } = {},
) {
  const api = options.api ?? detailsApi();
  return renderInTestApp(
    <>
      <PluginDetailsPage />
      <LocationProbe />
    </>,
    {
      mountPath: '/marketplace/plugins/:pluginId',
      initialRouteEntries: [options.url ?? '/marketplace/plugins/acme.todo'],
      mountedRoutes: { '/marketplace': rootRouteRef },
      apis: [
        [marketplaceApiRef, api],
        mockApis.permission({ authorize: options.authorize ?? AuthorizeResult.ALLOW }),
      ],
    },
  );
}

async function notFoundError(): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name: 'NotFoundError', message: 'No plugin nope' },
    response: { statusCode: 404 },
  });
  return ResponseError.fromResponse({
    ok: false,
    status: 404,
    statusText: 'Not Found',
    headers: new Headers({ 'Content-Type': 'application/json' }),
    redirected: false,
    type: 'basic',
    url: 'http://localhost/api/marketplace/plugins/nope',
    text: async () => body,
  });
}

describe('PluginDetailsPage', () => {
  it('shows who made the plugin, its badges and downloads, and only safe links', async () => {
    const plugin = pluginDetails({ firstParty: true });
    // eslint-disable-next-line no-script-url -- the hostile homepage under test
    plugin.spec.documentation.homepage = 'javascript:alert(1)';
    await renderPage({ api: detailsApi(plugin) });

    expect(await screen.findByRole('heading', { level: 1, name: 'Todo' })).toBeInTheDocument();
    expect(screen.getByText(/by Acme · Quality & Standards · v2\.1\.0 · 12\.3k downloads\/month/)).toBeInTheDocument();
    expect(screen.getByText('Official')).toBeInTheDocument();
    expect(screen.queryByText('Installed')).not.toBeInTheDocument();
    expect(await screen.findByText('Compatible')).toBeInTheDocument();
    expect(screen.getByText('Quality B · 78')).toBeInTheDocument();

    const links = within(screen.getByRole('navigation', { name: 'Links' }));
    expect(links.getByRole('link', { name: /Repository/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/backstage-plugins',
    );
    expect(links.getByRole('link', { name: /npm/ })).toHaveAttribute(
      'href',
      'https://www.npmjs.com/package/@acme/plugin-todo',
    );
    // The homepage is a javascript: URL, so it is no link at all.
    expect(links.queryByRole('link', { name: /Homepage/ })).not.toBeInTheDocument();
  });

  it('records one view of the plugin and ignores a failure to record it', async () => {
    const recordEvent = jest.fn(async () => {
      throw new Error('events are down');
    });
    await renderPage({ api: detailsApi(pluginDetails(), { recordEvent }) });

    expect(await screen.findByRole('heading', { level: 1, name: 'Todo' })).toBeInTheDocument();
    await waitFor(() => expect(recordEvent).toHaveBeenCalledTimes(1));
    expect(recordEvent).toHaveBeenCalledWith({ pluginId: 'acme.todo', type: 'view' });
    expect(screen.getByRole('heading', { level: 1, name: 'Todo' })).toBeInTheDocument();
  });

  it('opens the tab named in the URL and keeps the chosen tab in the URL', async () => {
    await renderPage({ url: '/marketplace/plugins/acme.todo?tab=versions' });

    expect(await screen.findByRole('tab', { name: 'Versions', selected: true })).toBeInTheDocument();
    expect(await screen.findByText('Versions (2)')).toBeInTheDocument();
    expect(screen.getByText('Prerelease')).toBeInTheDocument();
    // 3.0.0-next.1 needs Backstage ^2.0.0; this app is 1.55.0.
    expect(screen.getByText('Incompatible')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('tab', { name: 'Quality' }));
    expect(screen.getByTestId('location')).toHaveTextContent(
      '/marketplace/plugins/acme.todo?tab=quality',
    );
    expect(await screen.findByText('Grade B · 78 of 100')).toBeInTheDocument();
    expect(screen.getByText('No license declared')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('tab', { name: 'Changelog' }));
    expect(screen.getByTestId('location')).toHaveTextContent('?tab=changelog');
    expect(await screen.findByText('Faster')).toBeInTheDocument();
  });

  it('opens the overview for a missing or unknown tab', async () => {
    await renderPage({ url: '/marketplace/plugins/acme.todo?tab=nonsense' });

    expect(await screen.findByRole('tab', { name: 'Overview', selected: true })).toBeInTheDocument();
    expect(await screen.findByText('How to use it.')).toBeInTheDocument();
    expect(screen.getByText('@acme/plugin-todo-backend')).toBeInTheDocument();
  });

  it('says plainly that there is no such plugin, with a way back to the marketplace', async () => {
    const error = await notFoundError();
    const api = detailsApi(pluginDetails(), {
      getPlugin: async () => {
        throw error;
      },
    });
    await renderPage({ api, url: '/marketplace/plugins/nope' });

    expect(await screen.findByText('No plugin with id “nope”')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the marketplace' })).toHaveAttribute(
      'href',
      '/marketplace',
    );
  });

  it('shows other failures in an error panel', async () => {
    const api = detailsApi(pluginDetails(), {
      getPlugin: async () => {
        throw new Error('The marketplace is down');
      },
    });
    await renderPage({ api });

    expect((await screen.findAllByText(/The marketplace is down/)).length).toBeGreaterThan(0);
    expect(screen.queryByText(/No plugin with id/)).not.toBeInTheDocument();
  });

  describe('Install', () => {
    it('is hidden from users who may not install plugins', async () => {
      const authorize = jest.fn(
        (_request: EvaluatePermissionRequest): AuthorizeResult.DENY => AuthorizeResult.DENY,
      );
      // usePermission caches answers per plugin across renders (SWR), so this
      // test asks about a plugin no other test has asked about.
      const plugin = pluginDetails({ id: 'acme.restricted' });
      await renderPage({ api: detailsApi(plugin), authorize, url: '/marketplace/plugins/acme.restricted' });

      expect(await screen.findByRole('heading', { level: 1, name: 'Todo' })).toBeInTheDocument();
      await waitFor(() =>
        expect(authorize).toHaveBeenCalledWith(
          expect.objectContaining({
            permission: expect.objectContaining({ name: 'marketplace.plugin.install' }),
            resourceRef: 'acme.restricted',
          }),
        ),
      );
      await waitFor(() =>
        expect(screen.queryByRole('button', { name: 'Install' })).not.toBeInTheDocument(),
      );
    });

    it('is offered to users who may, and leads to the install wizard', async () => {
      await renderPage();

      const install = await screen.findByRole('button', { name: 'Install' });
      expect(install.closest('a')).toHaveAttribute('href', '/marketplace/plugins/acme.todo/install');
    });

    it('sends an old Install link (?install=1) on to the wizard', async () => {
      await renderPage({ url: '/marketplace/plugins/acme.todo?install=1' });

      await waitFor(() =>
        expect(screen.getByTestId('location')).toHaveTextContent(/^\/marketplace\/plugins\/acme\.todo\/install$/),
      );
    });

    it('is not offered for a plugin that is already installed', async () => {
      await renderPage({ api: detailsApi(pluginDetails({ installed: true })) });

      expect(await screen.findByText('Installed')).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Install' })).not.toBeInTheDocument();
    });
  });

  it('describes the permissions a plugin asks for in words, and says when there are none', async () => {
    const plugin: PluginDetails = pluginDetails();
    plugin.spec.permissions = [
      { permission: 'fetch', hosts: ['ci.acme.example'], reason: 'Reads pipeline runs' },
      { permission: 'catalog.read' },
    ];
    const { unmount } = await renderPage({
      api: detailsApi(plugin),
      url: '/marketplace/plugins/acme.todo?tab=permissions',
    });

    expect(await screen.findByText('Make HTTP requests to ci.acme.example')).toBeInTheDocument();
    expect(screen.getByText('Reads pipeline runs (fetch)')).toBeInTheDocument();
    expect(screen.getByText('Read software catalog entities, as the user who calls it')).toBeInTheDocument();
    expect(screen.getByText(/these are not enforced/)).toBeInTheDocument();
    unmount();

    await renderPage({ url: '/marketplace/plugins/acme.todo?tab=permissions' });
    expect(await screen.findByText('This plugin asks for no permissions.')).toBeInTheDocument();
  });

  it('shows the configuration keys, the raw schema collapsed, and the environment variables', async () => {
    const plugin = pluginDetails();
    plugin.spec.configSchema = {
      type: 'object',
      properties: {
        todo: {
          type: 'object',
          required: ['token'],
          properties: {
            token: { type: 'string', visibility: 'secret', description: 'API token' },
            baseUrl: { type: 'string', description: 'Where the API answers' },
          },
        },
      },
    };
    plugin.spec.environmentVariables = [
      { name: 'TODO_TOKEN', description: 'The API token', required: true, secret: true, example: 'tok_live_123' },
    ];
    await renderPage({ api: detailsApi(plugin), url: '/marketplace/plugins/acme.todo?tab=configuration' });

    expect(await screen.findByText('todo.token')).toBeInTheDocument();
    expect(screen.getByText('todo.baseUrl')).toBeInTheDocument();
    expect(screen.getByText('Where the API answers')).toBeInTheDocument();
    const row = (text: string) => within(screen.getByText(text).closest('tr')!);
    expect(row('todo.token').getByText('Secret')).toBeInTheDocument();
    expect(row('todo.token').getByText('Yes')).toBeInTheDocument();
    expect(row('todo.baseUrl').queryByText('Secret')).not.toBeInTheDocument();
    expect(row('TODO_TOKEN').getByText('Secret')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Raw configuration schema/ })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    expect(screen.getByText('TODO_TOKEN')).toBeInTheDocument();
    // The example of a secret is not shown.
    expect(screen.queryByText('tok_live_123')).not.toBeInTheDocument();
  });
});
