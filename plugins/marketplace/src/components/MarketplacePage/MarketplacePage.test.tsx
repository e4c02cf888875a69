import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  PluginListResponse,
  PluginSummary,
} from '@internal/backstage-plugin-marketplace-common';
import { fireEvent, screen } from '@testing-library/react';
import { MarketplaceApi, marketplaceApiRef } from '../../api';
import { MarketplacePage } from './MarketplacePage';

function plugin(id: string, overrides: Partial<PluginSummary> = {}): PluginSummary {
  return {
    id,
    name: id,
    description: `About ${id}`,
    version: '1.0.0',
    author: 'Someone',
    category: 'monitoring',
    tags: [],
    source: 'seed',
    firstParty: false,
    downloadsMonthly: 1234,
    qualityScore: 70,
    roles: ['frontend-plugin'],
    updatedAt: '2026-11-25T00:00:00.000Z',
    installed: false,
    ...overrides,
  };
}

function fakeApi(overrides: Partial<MarketplaceApi> = {}) {
  const api: MarketplaceApi = {
    getHealth: async () => ({
      status: 'ok',
      database: { status: 'ok', kind: 'postgresql', latencyMs: 1.5 },
      cache: { status: 'ok', kind: 'redis', latencyMs: 0.4 },
    }),
    listCategories: async () => [
      { id: 'monitoring', title: 'Monitoring & Observability', description: '', count: 2 },
      { id: 'security', title: 'Security', description: '', count: 1 },
      { id: 'ai', title: 'AI & Assistants', description: '', count: 0 },
    ],
    listPlugins: jest.fn(
      async (request): Promise<PluginListResponse> => ({
        items:
          request.category === 'security'
            ? [plugin('vault', { category: 'security' })]
            : [plugin('pagerduty', { firstParty: true }), plugin('grafana')],
        totalCount: request.category === 'security' ? 1 : 3,
        offset: request.offset ?? 0,
        limit: request.limit ?? 20,
      }),
    ),
    searchPlugins: jest.fn(async request => ({
      items: [{ ...plugin('pagerduty', { description: 'Incidents and on-call schedules' }), score: 0.9 }],
      totalCount: request.q.includes('incident') ? 1 : 0,
      facets: {},
    })),
    ...overrides,
  };
  return api;
}

describe('MarketplacePage', () => {
  it('lists plugins from the backend with categories and their counts', async () => {
    const api = fakeApi();
    await renderInTestApp(<MarketplacePage />, { apis: [[marketplaceApiRef, api]] });

    expect(await screen.findByText('pagerduty')).toBeInTheDocument();
    expect(screen.getByText('About grafana')).toBeInTheDocument();
    expect(screen.getByText('Official')).toBeInTheDocument();
    expect(await screen.findByText('All (3)')).toBeInTheDocument();
    expect(screen.getByText('Security (1)')).toBeInTheDocument();
    // Empty categories are not offered.
    expect(screen.queryByText(/AI & Assistants/)).not.toBeInTheDocument();
    expect(await screen.findByText('postgresql, ok in 1.5 ms')).toBeInTheDocument();
    expect(api.listPlugins).toHaveBeenCalledWith(
      expect.objectContaining({ offset: 0, limit: 20, sort: 'downloads' }),
    );
  });

  it('filters by category when a category is chosen', async () => {
    const api = fakeApi();
    await renderInTestApp(<MarketplacePage />, { apis: [[marketplaceApiRef, api]] });

    fireEvent.click(await screen.findByText('Security (1)'));

    expect(await screen.findByText('vault')).toBeInTheDocument();
    expect(screen.getByText('Plugins: Security')).toBeInTheDocument();
    expect(api.listPlugins).toHaveBeenLastCalledWith(
      expect.objectContaining({ category: 'security', offset: 0 }),
    );
  });

  it('searches as the user types and shows the best matches', async () => {
    const api = fakeApi();
    await renderInTestApp(<MarketplacePage />, { apis: [[marketplaceApiRef, api]] });

    fireEvent.change(await screen.findByLabelText('Search plugins'), {
      target: { value: 'on-call incidents' },
    });

    expect(await screen.findByText('Results for “on-call incidents”')).toBeInTheDocument();
    expect(screen.getByText('Incidents and on-call schedules')).toBeInTheDocument();
    expect(api.searchPlugins).toHaveBeenCalledWith(
      expect.objectContaining({ q: 'on-call incidents', limit: 20 }),
    );
  });

  it('shows the error when the backend cannot be reached', async () => {
    await renderInTestApp(<MarketplacePage />, {
      apis: [
        [
          marketplaceApiRef,
          fakeApi({
            getHealth: async () => {
              throw new Error('Unhealthy: cache: connection refused');
            },
          }),
        ],
      ],
    });

    expect(
      await screen.findByText('Error: Unhealthy: cache: connection refused'),
    ).toBeInTheDocument();
  });
});
