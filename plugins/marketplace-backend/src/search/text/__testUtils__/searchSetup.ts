import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { databases } from '../../../__testUtils__/storage';
import { DatabaseRegistryStore } from '../../../registry/DatabaseRegistryStore';
import { RegistryIngester } from '../../../registry/RegistryIngester';
import { SeedRegistrySource } from '../../../sources/seed/SeedRegistrySource';
import { SearchQuery, SearchResult } from '../../types';
import { DatabaseTextSearchIndex } from '../DatabaseTextSearchIndex';

/** The fixed "now" of search tests. */
export const NOW = new Date('2026-11-20T00:00:00.000Z');

/** The app's Backstage version in search tests. */
export const APP_BACKSTAGE_VERSION = '1.55.0';

/** An ISO timestamp `days` before NOW. */
export function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
}

/**
 * A registry and its text index on a fresh database; with `seed`, holding
 * the ~270 real listings of the bundled seed.
 */
export async function createSearch(databaseId: string, options: { seed?: boolean } = {}) {
  const knex = await databases.init(databaseId as 'SQLITE_3');
  const database = mockServices.database({ knex });
  const store = await DatabaseRegistryStore.create({ database });
  if (options.seed) {
    const report = await RegistryIngester.create({
      store,
      logger: mockServices.logger.mock(),
    }).run(SeedRegistrySource.fromFile());
    if (report.error) throw new Error(report.error);
  }
  const index = await DatabaseTextSearchIndex.create({
    database,
    backstageVersion: APP_BACKSTAGE_VERSION,
    now: () => NOW,
  });
  return { knex, store, index };
}

/** A text-mode query with defaults. */
export function textQuery(overrides: Partial<SearchQuery> = {}): SearchQuery {
  return { filters: {}, sort: 'relevance', mode: 'text', limit: 20, ...overrides };
}

/** Marks a plugin installed. */
export async function install(knex: Knex, pluginId: string) {
  const now = NOW.toISOString();
  await knex('installations').insert({
    plugin_id: pluginId,
    version: '1.0.0',
    status: 'installed',
    installed_at: now,
    updated_at: now,
  });
}

/** Every page of a query, following cursors. */
export async function allPages(
  index: DatabaseTextSearchIndex,
  query: SearchQuery,
): Promise<{ ids: string[]; pages: SearchResult[] }> {
  const pages: SearchResult[] = [];
  let cursor: string | undefined;
  do {
    const page = await index.search({ ...query, cursor });
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 1000);
  return { ids: pages.flatMap(p => p.items.map(i => i.id)), pages };
}
