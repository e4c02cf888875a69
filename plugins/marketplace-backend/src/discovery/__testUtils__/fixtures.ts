import { mockServices } from '@backstage/backend-test-utils';
import { PluginSpecification } from '@internal/backstage-plugin-marketplace-common';
import { makeListing } from '../../__testUtils__/listings';
import { databases } from '../../__testUtils__/storage';
import { DatabaseRegistryStore } from '../../registry/DatabaseRegistryStore';
import { DatabaseDiscoveryStore } from '../DatabaseDiscoveryStore';
import { UsageEvent } from '../types';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** A listing in a category, with tags and downloads. */
export function listing(
  id: string,
  options: {
    category?: PluginSpecification['category'];
    tags?: string[];
    downloads?: number;
  } = {},
) {
  return makeListing(id, {
    downloadsMonthly: options.downloads ?? 100,
    spec: {
      category: options.category ?? 'other',
      ...(options.tags ? { tags: options.tags } : {}),
    },
  });
}

/**
 * A fresh database with the given listings in the registry, and a discovery
 * store over it.
 */
export async function createStores(
  databaseId: string,
  listings: ReturnType<typeof listing>[],
) {
  const knex = await databases.init(databaseId as 'SQLITE_3');
  const database = mockServices.database({ knex });
  const registry = await DatabaseRegistryStore.create({ database });
  await registry.replaceSource('seed', listings);
  const store = await DatabaseDiscoveryStore.create({ database, skipMigrations: true });

  /** Marks plugins as installed in this Backstage instance. */
  async function installInInstance(pluginId: string, installedBy?: string) {
    const now = new Date().toISOString();
    await knex('installations').insert({
      plugin_id: pluginId,
      version: '1.0.0',
      status: 'installed',
      installed_at: now,
      installed_by: installedBy ?? null,
      updated_at: now,
    });
  }

  return { knex, store, installInInstance };
}

/** An event `ago` milliseconds before `now`. */
export function event(
  now: Date,
  pluginId: string,
  type: UsageEvent['type'],
  ago: number,
  userRef?: string,
): UsageEvent & { at: Date } {
  return { pluginId, type, userRef, at: new Date(now.getTime() - ago) };
}
