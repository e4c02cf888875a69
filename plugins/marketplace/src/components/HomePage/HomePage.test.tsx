import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { marketplaceApiRef, SearchPluginsRequest } from '../../api';
import { rootRouteRef } from '../../routes';
import { fakeMarketplaceApi, hit, summary } from '../../__testUtils__/fakeMarketplaceApi';
import { HomePage } from './HomePage';

const Location = () => {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
};

function render(api: ReturnType<typeof fakeMarketplaceApi>, url = '/marketplace') {
  return renderInTestApp(
    <>
      <HomePage />
      <Location />
    </>,
    {
      apis: [[marketplaceApiRef, api]],
      initialRouteEntries: [url],
      mountedRoutes: { '/marketplace': rootRouteRef },
    },
  );
}

const location = () =>
  decodeURIComponent((screen.getByTestId('location').textContent ?? '').replace(/\+/g, ' '));

describe('HomePage', () => {
  it('shows recommended, trending and popular plugins and the categories without a search', async () => {
    const api = fakeMarketplaceApi({
      getRecommendations: async () => [{ ...hit('grafana'), name: 'Grafana', reason: 'Installed together with Prometheus by 3 teams' }],
      getTrending: async () => [hit('pagerduty', { name: 'PagerDuty' })],
      getPopular: async () => [{ ...hit('catalog', { name: 'Catalog', firstParty: true }), installs: 4 }],
    });
    await render(api);

    expect(await screen.findByText('Grafana')).toBeInTheDocument();
    expect(screen.getByText('Installed together with Prometheus by 3 teams')).toBeInTheDocument();
    expect(await screen.findByText('PagerDuty')).toBeInTheDocument();
    expect(await screen.findByText('Catalog')).toBeInTheDocument();
    // Empty categories are left out of the browser.
    expect(await screen.findByText('Security (1)')).toBeInTheDocument();
    expect(screen.queryByText(/AI & Assistants/)).not.toBeInTheDocument();
    expect(api.searchPlugins).not.toHaveBeenCalled();
  });

  it('opens filtered results from a category tile, with the filter in the URL', async () => {
    const api = fakeMarketplaceApi({
      searchPlugins: async () => ({
        items: [hit('vault', { name: 'Vault', category: 'security' })],
        totalCount: 1,
        facets: { categories: [{ value: 'security', count: 1 }, { value: 'monitoring', count: 2 }] },
      }),
    });
    await render(api);

    fireEvent.click(await screen.findByText('Security (1)'));

    expect(await screen.findByText('Vault')).toBeInTheDocument();
    expect(location()).toBe('/marketplace?category=security');
    expect(api.searchPlugins).toHaveBeenLastCalledWith(
      expect.objectContaining({ category: ['security'], limit: 48 }),
    );
    const filters = screen.getByRole('region', { name: 'Filters' });
    expect(within(filters).getByRole('checkbox', { name: /Security/ })).toBeChecked();
  });

  it('restores query, filters, sort and view from the URL and asks the API for exactly that', async () => {
    const api = fakeMarketplaceApi({
      searchPlugins: async () => ({
        items: [hit('cost-insights', { name: 'Cost Insights', installed: true })],
        totalCount: 1,
        facets: {
          compatible: [{ value: 'true', count: 1 }, { value: 'false', count: 0 }],
          roles: [{ value: 'frontend-plugin', count: 1 }],
        },
      }),
    });
    await render(api, '/marketplace?q=cloud%20cost&role=frontend-plugin&compatible=true&sort=quality&view=detailed');

    expect(await screen.findByText('Cost Insights')).toBeInTheDocument();
    await waitFor(() =>
      expect(api.searchPlugins).toHaveBeenCalledWith({
        q: 'cloud cost',
        sort: 'quality',
        role: ['frontend-plugin'],
        category: [],
        source: [],
        license: [],
        author: [],
        tag: [],
        compatibleWith: '1.55.0',
        installed: undefined,
        updatedWithinDays: undefined,
        minQuality: undefined,
        minDownloads: undefined,
        limit: 48,
        cursor: undefined,
      } satisfies SearchPluginsRequest),
    );
    expect(screen.getByLabelText('Search plugins')).toHaveValue('cloud cost');
    expect(screen.getByRole('button', { name: 'Detailed view' })).toHaveAttribute('aria-pressed', 'true');
    const active = screen.getByRole('group', { name: 'Active filters' });
    expect(within(active).getByText('Package role: Frontend')).toBeInTheDocument();
    expect(within(active).getByText('Compatibility: Works with this app')).toBeInTheDocument();
    const card = screen.getByTestId('plugin-card');
    expect(within(card).getByText('Installed')).toBeInTheDocument();
    expect(within(card).getByText('Compatible')).toBeInTheDocument();
  });

  it('searches as the user types, with the query in the URL', async () => {
    const api = fakeMarketplaceApi({
      searchPlugins: async (request: SearchPluginsRequest) => ({
        items: request.q?.includes('incident') ? [hit('pagerduty', { name: 'PagerDuty' })] : [],
        totalCount: request.q?.includes('incident') ? 1 : 0,
        facets: {},
      }),
    });
    await render(api);

    fireEvent.change(screen.getByLabelText('Search plugins'), { target: { value: 'on-call incidents' } });

    expect(await screen.findByText('PagerDuty')).toBeInTheDocument();
    expect(location()).toBe('/marketplace?q=on-call incidents');
    expect(screen.getByText('1 plugin')).toBeInTheDocument();
  });

  it('says plainly when nothing matches and offers to clear the filters', async () => {
    const api = fakeMarketplaceApi();
    await render(api, '/marketplace?q=zzzz&license=MIT');

    expect(await screen.findByText('No plugin matches “zzzz”')).toBeInTheDocument();
    fireEvent.click(screen.getAllByRole('button', { name: /Clear (1 filter|filters)/ })[0]);
    await waitFor(() => expect(location()).toBe('/marketplace?q=zzzz'));
  });

  it('shows a search error instead of results', async () => {
    const api = fakeMarketplaceApi({
      searchPlugins: async () => {
        throw new Error('The marketplace backend is down');
      },
    });
    await render(api, '/marketplace?browse=1');
    expect(await screen.findByText('Error: The marketplace backend is down')).toBeInTheDocument();
    expect(screen.queryByTestId('plugin-card')).not.toBeInTheDocument();
  });

  it('renders only the visible part of thousands of results and loads the next page near the end', async () => {
    const page = (start: number) =>
      Array.from({ length: 48 }, (_, i) => hit(`plugin-${start + i}`, { name: `Plugin ${start + i}` }));
    const api = fakeMarketplaceApi({
      searchPlugins: async request => ({
        items: page(request.cursor ? Number(request.cursor) : 0),
        totalCount: 5000,
        facets: {},
        nextCursor: String((request.cursor ? Number(request.cursor) : 0) + 48),
      }),
    });
    await render(api, '/marketplace?browse=1&view=list');

    expect(await screen.findByText('Plugin 0')).toBeInTheDocument();
    expect(screen.getByText('5,000 plugins')).toBeInTheDocument();
    // A list row is 76 px in jsdom's 768 px window: a dozen rows or so, not 48.
    const rendered = screen.getAllByTestId('plugin-card').length;
    expect(rendered).toBeLessThan(20);
    expect(screen.queryByText('Plugin 47')).not.toBeInTheDocument();
    expect(api.searchPlugins).toHaveBeenCalledTimes(1);

    // Scrolling the page to the end asks for the next page, which is appended and counted in the URL.
    const list = screen.getByRole('list', { name: 'Plugins' });
    // jsdom lays nothing out: place the list as a browser would after scrolling.
    jest.spyOn(list, 'getBoundingClientRect').mockReturnValue({ top: -(48 * 76 - 768) } as DOMRect);
    fireEvent.scroll(window);
    expect(await screen.findByText('Plugin 47')).toBeInTheDocument();
    await waitFor(() => expect(api.searchPlugins).toHaveBeenLastCalledWith(expect.objectContaining({ cursor: '48' })));
    await waitFor(() => expect(location()).toContain('page=2'));
  });

  it('suggests plugins while typing and opens the chosen one', async () => {
    const api = fakeMarketplaceApi({
      autocomplete: async () => [{ kind: 'plugin', label: 'PagerDuty', value: 'pagerduty' }],
      getPlugin: async () => ({ ...summary('pagerduty') }) as any,
    });
    await render(api);

    const input = screen.getByLabelText('Search plugins');
    fireEvent.change(input, { target: { value: 'pagerdut' } });
    const option = await screen.findByRole('option', { name: 'PagerDuty' });
    fireEvent.click(option);

    await waitFor(() => expect(location()).toBe('/marketplace/plugins/pagerduty'));
  });
});
