import { InputError } from '@backstage/errors';
import {
  isPluginCategory,
  PluginSortField,
} from '@internal/backstage-plugin-marketplace-common';
import { ListQuery } from '../registry/RegistryStore';

const SORTS: PluginSortField[] = ['name', 'downloads', 'updated', 'quality', 'published'];
const SOURCES = ['first-party', 'catalog', 'npm', 'seed'];
const PLUGIN_ID = /^[a-z0-9](?:[a-z0-9.-]{0,198}[a-z0-9])?$/;
const MAX_OFFSET = 1_000_000;

type Query = Record<string, unknown>;

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError(`Query parameter '${name}' must be given once, as a plain value`);
  }
  return value;
}

function integer(query: Query, name: string, fallback: number, min: number, max: number) {
  const raw = single(query, name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new InputError(
      `Query parameter '${name}' must be a whole number from ${min} to ${max}, got '${raw}'`,
    );
  }
  return Number(raw);
}

function oneOf<T extends string>(query: Query, name: string, allowed: readonly T[]): T | undefined {
  const raw = single(query, name);
  if (raw === undefined || raw === '') return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new InputError(
      `Query parameter '${name}' must be one of ${allowed.join(', ')}, got '${raw}'`,
    );
  }
  return raw as T;
}

/**
 * Reads `GET /plugins` parameters; each mistake is an InputError naming the parameter.
 */
export function parseListQuery(query: Query): ListQuery {
  const sort = oneOf(query, 'sort', SORTS) ?? 'downloads';
  const order = oneOf(query, 'order', ['asc', 'desc'] as const) ?? (sort === 'name' ? 'asc' : 'desc');
  const category = single(query, 'category');
  if (category && !isPluginCategory(category)) {
    throw new InputError(`Query parameter 'category' is not a known category: '${category}'`);
  }
  const installed = oneOf(query, 'installed', ['true', 'false'] as const);
  return {
    offset: integer(query, 'offset', 0, 0, MAX_OFFSET),
    limit: integer(query, 'limit', 20, 1, 100),
    sort,
    order,
    category: category || undefined,
    source: oneOf(query, 'source', SOURCES),
    installed: installed === undefined ? undefined : installed === 'true',
  };
}

/** Checks a plugin id from the path. */
export function parsePluginId(raw: string): string {
  if (!PLUGIN_ID.test(raw)) {
    throw new InputError(
      `Plugin id must be lowercase letters, digits, dots and dashes (at most 200), got '${raw.slice(0, 80)}'`,
    );
  }
  return raw;
}

/** Reads an optional `version` parameter. */
export function parseVersion(query: Query): string | undefined {
  const raw = single(query, 'version');
  if (raw === undefined || raw === '') return undefined;
  if (raw.length > 100 || !/^[0-9A-Za-z.+-]+$/.test(raw)) {
    throw new InputError(`Query parameter 'version' is not a version: '${raw.slice(0, 80)}'`);
  }
  return raw;
}

/** Checks a source id from the path. */
export function parseSource(raw: string): string {
  if (!SOURCES.includes(raw)) {
    throw new InputError(`Source must be one of ${SOURCES.join(', ')}, got '${raw.slice(0, 80)}'`);
  }
  return raw;
}
