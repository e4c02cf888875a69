import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { NpmRegistrySource } from './NpmRegistrySource';

describe('NpmRegistrySource.fromConfig', () => {
  const read = (npm?: JsonObject) =>
    NpmRegistrySource.fromConfig(
      new ConfigReader(npm ? { marketplace: { sources: { npm } } } : {}),
      {
        logger: mockServices.logger.mock(),
      },
    );

  it('gives no source when no packages are configured', () => {
    expect(read()).toBeUndefined();
    expect(read({ registry: 'https://npm.acme.dev' })).toBeUndefined();
    expect(read({ packages: [] })).toBeUndefined();
  });

  it('gives a source with id npm and priority 20', () => {
    expect(read({ packages: ['@acme/plugin-todo'] })).toMatchObject({
      id: 'npm',
      priority: 20,
    });
  });

  it('refuses settings it cannot use', () => {
    expect(() =>
      read({ packages: ['x'], registry: 'ftp://npm.acme.dev' }),
    ).toThrow(
      'marketplace.sources.npm.registry must be an http(s) URL, got "ftp://npm.acme.dev"',
    );
    expect(() => read({ packages: ['x'], concurrency: 0 })).toThrow(
      /concurrency must be a whole number/,
    );
    expect(() => read({ packages: ['x'], maxTarballBytes: -1 })).toThrow(
      /maxTarballBytes must be a positive/,
    );
  });

  it('reads from registry.npmjs.org unless told otherwise, under any path prefix', async () => {
    const urls: string[] = [];
    const fetch = jest.fn(async (url: string | URL | Request) => {
      urls.push(String(url));
      return new Response('{"error":"not found"}', { status: 404 });
    }) as typeof globalThis.fetch;
    const logger = mockServices.logger.mock();
    const config = (npm: JsonObject) =>
      new ConfigReader({ marketplace: { sources: { npm } } });

    await NpmRegistrySource.fromConfig(
      config({ packages: ['@acme/plugin-todo'] }),
      {
        logger,
        fetch,
      },
    )!.read();
    await NpmRegistrySource.fromConfig(
      config({
        packages: ['backstage-plugin-x'],
        registry: 'https://artifacts.acme.dev/api/npm/npm-local',
      }),
      { logger, fetch },
    )!.read();

    expect(urls).toEqual([
      'https://registry.npmjs.org/@acme%2fplugin-todo',
      'https://artifacts.acme.dev/api/npm/npm-local/backstage-plugin-x',
    ]);
  });
});
