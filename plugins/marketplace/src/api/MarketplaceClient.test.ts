import { MarketplaceClient } from './MarketplaceClient';

function client(responses: Array<() => Response>) {
  const fetch = jest.fn(async (_url: string) => responses.shift()!());
  const api = new MarketplaceClient({
    discoveryApi: { getBaseUrl: async () => 'http://backend/api/marketplace' },
    fetchApi: { fetch: fetch as any },
  });
  return { api, fetch };
}

const json = (body: unknown, status = 200) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('MarketplaceClient', () => {
  it("asks for the app's environment once for every page that needs it", async () => {
    const { api, fetch } = client([json({ backstageVersion: '1.55.0' })]);
    await expect(api.getEnvironment()).resolves.toEqual({ backstageVersion: '1.55.0' });
    await expect(api.getEnvironment()).resolves.toEqual({ backstageVersion: '1.55.0' });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith('http://backend/api/marketplace/environment', undefined);
  });

  it('asks again after a failed answer', async () => {
    const { api, fetch } = client([
      json({ error: { name: 'Error', message: 'down' } }, 503),
      json({ backstageVersion: '1.55.0' }),
    ]);
    await expect(api.getEnvironment()).rejects.toThrow();
    await expect(api.getEnvironment()).resolves.toEqual({ backstageVersion: '1.55.0' });
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
