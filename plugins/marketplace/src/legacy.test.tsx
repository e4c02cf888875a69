import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mockApis, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { marketplaceApiRef } from './api';
import { detailsApi, pluginDetails } from './components/PluginDetailsPage/testData';
import { legacyMarketplacePlugin, MarketplacePage } from './legacy';

describe('legacy frontend system export', () => {
  it('is a plugin with the marketplace API and routes', () => {
    expect(legacyMarketplacePlugin.getId()).toBe('marketplace');
    expect([...legacyMarketplacePlugin.getApis()].map(f => f.api.id)).toEqual([
      'plugin.marketplace.api',
    ]);
    expect(Object.keys(legacyMarketplacePlugin.routes)).toEqual([
      'root',
      'pluginDetails',
      'installed',
      'installWizard',
      'configAdmin',
    ]);
  });

  it('renders the pages in a legacy app, with links resolved by its router', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            marketplaceApiRef,
            detailsApi(pluginDetails(), {
              getSimilar: async () => [{ ...pluginDetails({ id: 'acme.kanban', name: 'Kanban' }), score: 1 }],
            }),
          ],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        {/* As FlatRoutes declares it: the route ref binds to /marketplace; the
            child route lets the page's own routes match below it. */}
        <Routes>
          <Route path="/marketplace" element={<MarketplacePage />}>
            <Route path="*" element={null} />
          </Route>
        </Routes>
      </TestApiProvider>,
      { routeEntries: ['/marketplace/plugins/acme.todo'] },
    );

    expect(await screen.findByRole('heading', { level: 1, name: 'Todo' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Overview', selected: true })).toBeInTheDocument();
    // The link to a similar plugin comes from the new system's route ref,
    // resolved by the legacy app's router.
    expect(await screen.findByRole('link', { name: 'Kanban' })).toHaveAttribute(
      'href',
      '/marketplace/plugins/acme.kanban',
    );
  });
});
