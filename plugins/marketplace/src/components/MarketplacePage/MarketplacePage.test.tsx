import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { MarketplaceApi, marketplaceApiRef } from '../../api';
import { MarketplacePage } from './MarketplacePage';

function apiReturning(getHealth: MarketplaceApi['getHealth']) {
  return [marketplaceApiRef, { getHealth }] as const;
}

describe('MarketplacePage', () => {
  it('shows what the backend is connected to', async () => {
    await renderInTestApp(<MarketplacePage />, {
      apis: [
        apiReturning(async () => ({
          status: 'ok',
          database: { status: 'ok', kind: 'postgresql', latencyMs: 1.5 },
          cache: { status: 'ok', kind: 'redis', latencyMs: 0.4 },
        })),
      ],
    });

    expect(await screen.findByText('postgresql, ok in 1.5 ms')).toBeInTheDocument();
    expect(screen.getByText('redis, ok in 0.4 ms')).toBeInTheDocument();
    expect(screen.getByText('No plugins listed yet')).toBeInTheDocument();
  });

  it('shows the error when the backend cannot be reached', async () => {
    await renderInTestApp(<MarketplacePage />, {
      apis: [
        apiReturning(async () => {
          throw new Error('Unhealthy: cache: connection refused');
        }),
      ],
    });

    expect(
      await screen.findByText('Error: Unhealthy: cache: connection refused'),
    ).toBeInTheDocument();
  });
});
