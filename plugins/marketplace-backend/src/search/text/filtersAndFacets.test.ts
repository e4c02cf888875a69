import { QualityMetrics } from '@internal/backstage-plugin-marketplace-common';
import { makeListing } from '../../__testUtils__/listings';
import { databases } from '../../__testUtils__/storage';
import { DatabaseRegistryStore } from '../../registry/DatabaseRegistryStore';
import { FacetCount, SearchFilters } from '../types';
import {
  allPages,
  APP_BACKSTAGE_VERSION,
  createSearch,
  daysAgo,
  install,
  textQuery,
} from './__testUtils__/searchSetup';
import { DatabaseTextSearchIndex } from './DatabaseTextSearchIndex';

jest.setTimeout(180_000);

function quality(score: number): QualityMetrics {
  return { score, grade: 'C', signals: {}, computedAt: '2026-11-01T00:00:00.000Z' };
}

const frontendOnly = [{ name: '@beta/plugin-pipelines', role: 'frontend-plugin' as const, version: '1.0.0' }];

/** Five listings over three sources that differ in every filtered field; acme.vault is installed. */
async function addFixtures(store: DatabaseRegistryStore) {
  await store.replaceSource('first-party', [
    makeListing('acme.metrics', { source: 'first-party', priority: 40, downloadsMonthly: 150000, publishedAt: daysAgo(10), spec: { name: 'Metrics', author: { name: 'Acme' }, category: 'monitoring', tags: ['metrics', 'charts'], license: 'MIT', backstageVersion: '>=1.50.0', qualityMetrics: quality(90) } }),
    makeListing('acme.vault', { source: 'first-party', priority: 40, downloadsMonthly: 20000, publishedAt: daysAgo(60), packages: [{ name: '@acme/plugin-vault-backend', role: 'backend-plugin', version: '1.0.0' }], spec: { name: 'Vault', author: { name: 'Acme' }, category: 'security', tags: ['secrets'], license: 'Apache-2.0', backstageVersion: '^1.30.0', qualityMetrics: quality(65) } }),
  ]);
  await store.replaceSource('npm', [
    makeListing('beta.pipelines', { source: 'npm', priority: 20, downloadsMonthly: 500, publishedAt: daysAgo(200), packages: frontendOnly, spec: { name: 'Pipelines', author: { name: 'Beta' }, category: 'ci-cd', tags: ['pipelines', 'metrics'], license: 'Apache-2.0', backstageVersion: '^2.0.0', qualityMetrics: quality(30) } }),
    makeListing('beta.legacy', { source: 'npm', priority: 20, downloadsMonthly: 50, publishedAt: daysAgo(900), spec: { name: 'Legacy Metrics', author: { name: 'Beta' }, category: 'monitoring', tags: ['metrics'], license: undefined, backstageVersion: '<1.0.0', qualityMetrics: quality(10) } }),
  ]);
  await store.replaceSource('catalog', [
    makeListing('gamma.docs', { source: 'catalog', priority: 30, downloadsMonthly: 2000, packages: [{ name: '@gamma/plugin-docs-backend-module-x', role: 'backend-plugin-module', version: '1.0.0' }], spec: { name: 'Docs Helper', author: { name: 'Gamma' }, category: 'documentation', tags: ['docs'], license: 'MIT', qualityMetrics: quality(45) } }),
  ]);
}

/** The filters that choose one value of a facet, replacing that facet's own filter. */
function choosing(filters: SearchFilters, facet: string, value: string): SearchFilters | undefined {
  switch (facet) {
    case 'installed':
      return { ...filters, installed: value === 'true' };
    case 'compatible':
      return value === 'true' ? { ...filters, compatibleWith: filters.compatibleWith ?? APP_BACKSTAGE_VERSION } : undefined;
    case 'updated':
      return value === 'older' ? undefined : { ...filters, updatedWithinDays: Number(value) };
    case 'quality':
      return { ...filters, minQuality: Number(value) };
    case 'popularity':
      return { ...filters, minDownloads: Number(value) };
    default:
      return { ...filters, [facet]: [value] };
  }
}

function count(facet: FacetCount[], value: string) {
  return facet.find(f => f.value === value)?.count ?? 0;
}

describe.each(databases.eachSupportedId())('Text search filters and facets on %s', databaseId => {
  describe('on fixtures', () => {
    let index: DatabaseTextSearchIndex;
    beforeAll(async () => {
      const search = await createSearch(databaseId);
      await addFixtures(search.store);
      await install(search.knex, 'acme.vault');
      index = search.index;
    });

    async function ids(filters: SearchFilters, text?: string) {
      const result = await index.search(textQuery({ text, filters }));
      expect(result.totalCount).toBe(result.items.length);
      return result.items.map(i => i.id).sort();
    }

    it.each<[SearchFilters, string[]]>([
      [{}, ['acme.metrics', 'acme.vault', 'beta.legacy', 'beta.pipelines', 'gamma.docs']],
      [{ categories: ['monitoring'] }, ['acme.metrics', 'beta.legacy']],
      [{ categories: ['monitoring', 'security'] }, ['acme.metrics', 'acme.vault', 'beta.legacy']],
      [{ authors: ['Beta'] }, ['beta.legacy', 'beta.pipelines']],
      [{ tags: ['metrics'] }, ['acme.metrics', 'beta.legacy', 'beta.pipelines']],
      [{ tags: ['charts', 'docs'] }, ['acme.metrics', 'gamma.docs']],
      [{ licenses: ['MIT'] }, ['acme.metrics', 'gamma.docs']],
      [{ roles: ['backend-plugin-module'] }, ['gamma.docs']],
      [{ roles: ['frontend-plugin'] }, ['acme.metrics', 'beta.legacy', 'beta.pipelines']],
      [{ sources: ['npm', 'catalog'] }, ['beta.legacy', 'beta.pipelines', 'gamma.docs']],
      [{ installed: true }, ['acme.vault']],
      [{ installed: false }, ['acme.metrics', 'beta.legacy', 'beta.pipelines', 'gamma.docs']],
      [{ compatibleWith: '1.55.0' }, ['acme.metrics', 'acme.vault', 'gamma.docs']],
      [{ compatibleWith: '2.1.0' }, ['acme.metrics', 'beta.pipelines', 'gamma.docs']],
      [{ updatedWithinDays: 30 }, ['acme.metrics']],
      [{ updatedWithinDays: 365 }, ['acme.metrics', 'acme.vault', 'beta.pipelines']],
      [{ minQuality: 60 }, ['acme.metrics', 'acme.vault']],
      [{ minDownloads: 2000 }, ['acme.metrics', 'acme.vault', 'gamma.docs']],
      [{ authors: ['Acme'], licenses: ['Apache-2.0'], minQuality: 50 }, ['acme.vault']],
      [{ categories: ['ai'] }, []],
    ])('filters %j', async (filters, expected) => {
      expect(await ids(filters)).toEqual(expected);
    });

    it('filters the matches of a text', async () => {
      expect(await ids({}, 'metrics')).toEqual(['acme.metrics', 'beta.legacy', 'beta.pipelines']);
      expect(await ids({ sources: ['npm'] }, 'metrics')).toEqual(['beta.legacy', 'beta.pipelines']);
      expect(await ids({ sources: ['npm'], minDownloads: 100 }, 'metrics')).toEqual(['beta.pipelines']);
    });

    it('counts every facet over the result', async () => {
      const { facets } = await index.search(textQuery());
      expect(facets).toEqual({
        categories: [
          { value: 'monitoring', count: 2 },
          { value: 'ci-cd', count: 1 },
          { value: 'documentation', count: 1 },
          { value: 'security', count: 1 },
        ],
        authors: [
          { value: 'Acme', count: 2 },
          { value: 'Beta', count: 2 },
          { value: 'Gamma', count: 1 },
        ],
        tags: [
          { value: 'metrics', count: 3 },
          { value: 'charts', count: 1 },
          { value: 'docs', count: 1 },
          { value: 'pipelines', count: 1 },
          { value: 'secrets', count: 1 },
        ],
        licenses: [
          { value: 'Apache-2.0', count: 2 },
          { value: 'MIT', count: 2 },
        ],
        roles: [
          { value: 'frontend-plugin', count: 3 },
          { value: 'backend-plugin', count: 3 },
          { value: 'backend-plugin-module', count: 1 },
        ].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
        sources: [
          { value: 'first-party', count: 2 },
          { value: 'npm', count: 2 },
          { value: 'catalog', count: 1 },
        ],
        installed: [
          { value: 'true', count: 1 },
          { value: 'false', count: 4 },
        ],
        compatible: [
          { value: 'true', count: 3 },
          { value: 'false', count: 2 },
        ],
        updated: [
          { value: '30', count: 1 },
          { value: '90', count: 2 },
          { value: '365', count: 3 },
          { value: 'older', count: 2 },
        ],
        quality: [
          { value: '80', count: 1 },
          { value: '60', count: 2 },
          { value: '40', count: 3 },
          { value: '20', count: 4 },
        ],
        popularity: [
          { value: '100000', count: 1 },
          { value: '10000', count: 2 },
          { value: '1000', count: 3 },
          { value: '100', count: 4 },
        ],
      });
    });

    it("counts each facet with every filter but its own, and keeps chosen values", async () => {
      const { items, facets } = await index.search(
        textQuery({ filters: { categories: ['monitoring', 'ai'], sources: ['npm'] } }),
      );
      expect(items.map(i => i.id)).toEqual(['beta.legacy']);
      // Categories among npm listings; sources among monitoring listings.
      expect(facets.categories).toEqual([
        { value: 'ci-cd', count: 1 },
        { value: 'monitoring', count: 1 },
        { value: 'ai', count: 0 },
      ]);
      expect(facets.sources).toEqual([
        { value: 'first-party', count: 1 },
        { value: 'npm', count: 1 },
      ]);
      expect(facets.authors).toEqual([{ value: 'Beta', count: 1 }]);
    });
  });

  describe('on the real seed listings', () => {
    let index: DatabaseTextSearchIndex;
    beforeAll(async () => {
      const search = await createSearch(databaseId, { seed: true });
      await addFixtures(search.store);
      await install(search.knex, 'acme.vault');
      await install(search.knex, 'backstage.catalog');
      index = search.index;
    });

    it.each<[string | undefined, SearchFilters]>([
      [undefined, {}],
      ['catalog', {}],
      ['backend', { sources: ['seed', 'npm'], minQuality: 30 }],
      [undefined, { categories: ['catalog', 'monitoring'], installed: false, compatibleWith: '1.55.0' }],
    ])('counts facets of %j %j as choosing each value returns', async (text, filters) => {
      const result = await index.search(textQuery({ text, filters, limit: 100 }));
      const all = await allPages(index, textQuery({ text, filters, limit: 100 }));
      expect(all.ids).toHaveLength(result.totalCount);

      for (const [facet, counts] of Object.entries(result.facets)) {
        for (const { value, count: expected } of counts) {
          const chosen = choosing(filters, facet, value);
          if (!chosen) continue;
          const { totalCount } = await index.search(textQuery({ text, filters: chosen, limit: 1 }));
          expect({ facet, value, count: totalCount }).toEqual({ facet, value, count: expected });
        }
      }
      // The values no filter chooses complete their facet.
      const without = async (name: keyof SearchFilters) =>
        (await index.search(textQuery({ text, filters: { ...filters, [name]: undefined }, limit: 1 }))).totalCount;
      expect(count(result.facets.compatible, 'true') + count(result.facets.compatible, 'false')).toBe(
        await without('compatibleWith'),
      );
      expect(count(result.facets.updated, '365') + count(result.facets.updated, 'older')).toBe(
        await without('updatedWithinDays'),
      );
      // No case filters roles: that facet counts exactly what the result holds.
      const byRole = new Map<string, number>();
      for (const item of all.pages.flatMap(p => p.items)) {
        for (const role of item.roles) byRole.set(role, (byRole.get(role) ?? 0) + 1);
      }
      expect(new Map(result.facets.roles.map(f => [f.value, f.count]))).toEqual(byRole);
    });
  });
});
