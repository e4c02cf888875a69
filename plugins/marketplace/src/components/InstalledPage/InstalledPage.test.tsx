import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { act, screen, waitFor } from '@testing-library/react';
import { marketplaceApiRef } from '../../api';
import { fakeMarketplaceApi } from '../../__testUtils__/fakeMarketplaceApi';
import { rootRouteRef } from '../../routes';
import { InstalledPage } from './InstalledPage';

async function renderPage(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const api = fakeMarketplaceApi();
  const authorize = jest.fn(() => result);
  await renderInTestApp(<InstalledPage />, {
    mountPath: '/marketplace/installed',
    initialRouteEntries: ['/marketplace/installed'],
    mountedRoutes: { '/marketplace': rootRouteRef },
    apis: [[marketplaceApiRef, api], mockApis.permission({ authorize })],
  });
  return { api, authorize };
}

describe('InstalledPage', () => {
  it('leads users who may configure plugins to the managed configuration', async () => {
    await renderPage(AuthorizeResult.ALLOW);

    const link = await screen.findByRole('button', { name: 'Managed configuration' });
    expect(link.closest('a')).toHaveAttribute('href', '/marketplace/admin/config');
  });

  it('offers no such link to users who may not', async () => {
    const { authorize } = await renderPage(AuthorizeResult.DENY);

    expect(await screen.findByText('No plugins installed from the marketplace yet')).toBeInTheDocument();
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    await act(async () => {});
    expect(screen.queryByRole('button', { name: 'Managed configuration' })).not.toBeInTheDocument();
  });
});
