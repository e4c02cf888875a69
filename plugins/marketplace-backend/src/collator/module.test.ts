import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TestPipeline } from '@backstage/plugin-search-backend-node';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { makeListing } from '../__testUtils__/listings';
import { databases } from '../__testUtils__/storage';
import { marketplacePlugin } from '../plugin';
import { DatabaseRegistryStore } from '../registry/DatabaseRegistryStore';
import { searchModuleMarketplaceCollator } from './module';

jest.setTimeout(60_000);

describe('searchModuleMarketplaceCollator', () => {
  it.each(databases.eachSupportedId())(
    'indexes the plugins the marketplace on %s serves, through its REST API',
    async databaseId => {
      const knex = await databases.init(databaseId as 'SQLITE_3');
      const store = await DatabaseRegistryStore.create({
        database: mockServices.database({ knex }),
      });
      await store.replaceSource('seed', [
        makeListing('test.alpha', { spec: { category: 'security', tags: ['vault'] } }),
        makeListing('test.beta'),
      ]);
      const indexRegistry = { addCollator: jest.fn(), addDecorator: jest.fn() };

      await startTestBackend({
        extensionPoints: [[searchIndexRegistryExtensionPoint, indexRegistry]],
        features: [
          marketplacePlugin,
          searchModuleMarketplaceCollator,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              marketplace: { sources: { seed: { enabled: false }, catalog: { enabled: false } } },
            },
          }),
          catalogServiceMock.factory({ entities: [] }),
        ],
      });

      expect(indexRegistry.addCollator).toHaveBeenCalledTimes(1);
      const { factory, schedule } = indexRegistry.addCollator.mock.calls[0][0];
      expect(factory.type).toBe('marketplace');
      expect(schedule).toBeDefined();
      const { documents, error } = await TestPipeline.fromCollator(
        await factory.getCollator(),
      ).execute();
      expect(error).toBeUndefined();
      const ours = documents.filter(d => d.location.startsWith('/marketplace/plugins/test.'));
      expect(ours).toEqual([
        expect.objectContaining({
          title: 'Plugin alpha',
          text: 'The alpha plugin.\nvault',
          location: '/marketplace/plugins/test.alpha',
          category: 'security',
          author: 'Test Authors',
        }),
        expect.objectContaining({ title: 'Plugin beta', location: '/marketplace/plugins/test.beta' }),
      ]);
    },
  );
});
