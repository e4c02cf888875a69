import { mockServices } from '@backstage/backend-test-utils';
import { RegistrySource } from '@internal/backstage-plugin-marketplace-node';
import { makeListing } from '../__testUtils__/listings';
import { databases } from '../__testUtils__/storage';
import { DatabaseRegistryStore } from './DatabaseRegistryStore';
import { RegistryIngester } from './RegistryIngester';

function sourceOf(read: RegistrySource['read']): RegistrySource {
  return { id: 'npm', priority: 20, read };
}

function input(id: string, spec: Record<string, unknown> = {}) {
  const { spec: base, packages, versions } = makeListing(id);
  const { qualityMetrics, ...rest } = base;
  return { spec: { ...rest, ...spec } as any, packages, versions, downloadsMonthly: 10 };
}

describe('RegistryIngester', () => {
  async function setup() {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseRegistryStore.create({ database: mockServices.database({ knex }) });
    const onChange = jest.fn(async () => {});
    const ingester = RegistryIngester.create({ store, logger: mockServices.logger.mock(), onChange });
    return { store, ingester, onChange };
  }

  it('stores valid listings with a quality score and reports invalid ones by field', async () => {
    const { store, ingester, onChange } = await setup();
    const report = await ingester.run(
      sourceOf(async () => ({
        listings: [
          input('npm.good'),
          input('npm.bad-category', { category: 'gardening' }),
          input('npm.no-author', { author: undefined }),
          input('npm.good'),
        ],
        issues: [{ source: 'npm', ref: '@x/y', field: 'versions', message: 'is missing' }],
      })),
    );

    expect(report.result).toMatchObject({ inserted: 1 });
    expect(report.issues).toEqual([
      { source: 'npm', ref: '@x/y', field: 'versions', message: 'is missing' },
      { source: 'npm', ref: 'npm.bad-category', field: '/category', message: expect.stringMatching(/^\/category: must be one of: ci-cd/) },
      { source: 'npm', ref: 'npm.no-author', field: '/author', message: '/author: is required' },
      { source: 'npm', ref: 'npm.good', field: '/id', message: 'is delivered twice by this source; the first one is kept' },
    ]);
    const stored = await store.getPlugin('npm.good');
    expect(stored?.qualityMetrics.computedAt).toEqual(expect.any(String));
    expect(onChange).toHaveBeenCalledTimes(1);
    expect((await store.getStatus()).sources[0]).toMatchObject({ id: 'npm', plugins: 1, issues: 4 });
  });

  it('keeps the previous listings when the source fails as a whole', async () => {
    const { store, ingester, onChange } = await setup();
    await ingester.run(sourceOf(async () => ({ listings: [input('npm.good')], issues: [] })));

    const report = await ingester.run(
      sourceOf(async () => {
        throw new Error('registry.example.com: ECONNREFUSED');
      }),
    );

    expect(report.error).toBe('registry.example.com: ECONNREFUSED');
    expect(await store.getPlugin('npm.good')).toBeDefined();
    expect(onChange).toHaveBeenCalledTimes(1);
    expect((await store.getStatus()).sources[0]).toMatchObject({
      lastError: 'registry.example.com: ECONNREFUSED',
    });
  });

  it('does not signal a change when nothing changed', async () => {
    const { ingester, onChange } = await setup();
    const source = sourceOf(async () => ({ listings: [input('npm.good')], issues: [] }));
    await ingester.run(source);
    await ingester.run(source);
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});
