import { renderInTestApp } from '@backstage/frontend-test-utils';
import { act, screen, waitFor } from '@testing-library/react';
import { MarketplaceApi, marketplaceApiRef } from '../../api';
import { fakeMarketplaceApi } from '../../__testUtils__/fakeMarketplaceApi';
import { responseError } from '../../__testUtils__/responseError';
import { rootRouteRef } from '../../routes';
import { InstalledPage } from './InstalledPage';

async function renderPage(api: MarketplaceApi) {
  await renderInTestApp(<InstalledPage />, {
    mountPath: '/marketplace/installed',
    initialRouteEntries: ['/marketplace/installed'],
    mountedRoutes: { '/marketplace': rootRouteRef },
    apis: [[marketplaceApiRef, api]],
  });
}

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
});
