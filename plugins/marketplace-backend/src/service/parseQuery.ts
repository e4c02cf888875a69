import { InputError } from '@backstage/errors';
import {
  isPluginCategory,
  PluginSortField,
} from '@internal/backstage-plugin-marketplace-common';
import {
  TRENDING_RANGES,
  TrendingRange,
  USAGE_EVENT_TYPES,
  UsageEventType,
} from '../discovery';
import { ListQuery } from '../registry/RegistryStore';
import { SearchMode, SearchQuery, SearchSort } from '../search/types';
import semver from 'semver';

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

/** Reads `limit` (1-100, default 10) and an optional known `category`. */
export function parseDiscoveryQuery(query: Query): { limit: number; category?: string } {
  const category = single(query, 'category');
  if (category && !isPluginCategory(category)) {
    throw new InputError(`Query parameter 'category' is not a known category: '${category}'`);
  }
  return { limit: integer(query, 'limit', 10, 1, 100), category: category || undefined };
}

/** Reads the `range` of trending (24h, 7d or 30d; default 7d). */
export function parseTrendingRange(query: Query): TrendingRange {
  return oneOf(query, 'range', TRENDING_RANGES) ?? '7d';
}

/** Reads the body of `POST /events`: `{ pluginId, type }`. */
export function parseEventBody(body: unknown): { pluginId: string; type: UsageEventType } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('Request body must be a JSON object { pluginId, type }');
  }
  const { pluginId, type } = body as Record<string, unknown>;
  if (typeof pluginId !== 'string') {
    throw new InputError("Field 'pluginId' must be a string");
  }
  if (typeof type !== 'string' || !(USAGE_EVENT_TYPES as readonly string[]).includes(type)) {
    throw new InputError(`Field 'type' must be one of ${USAGE_EVENT_TYPES.join(', ')}`);
  }
  return { pluginId: parsePluginId(pluginId), type: type as UsageEventType };
}

const SEARCH_MODES: SearchMode[] = ['text', 'semantic', 'hybrid'];
const SEARCH_SORTS: SearchSort[] = ['relevance', 'popularity', 'updated', 'name', 'quality'];

function list(query: Query, name: string): string[] | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  const values = Array.isArray(value) ? value : [value];
  if (values.length > 20 || values.some(v => typeof v !== 'string' || v.length > 214)) {
    throw new InputError(`Query parameter '${name}' must be at most 20 plain values`);
  }
  return values as string[];
}

/** Reads `GET /plugins/search` parameters; each mistake is an InputError naming the parameter. */
export function parseSearchQuery(query: Query): SearchQuery {
  const text = single(query, 'q');
  if (text && text.length > 500) {
    throw new InputError("Query parameter 'q' must be at most 500 characters");
  }
  const categories = list(query, 'category');
  for (const category of categories ?? []) {
    if (!isPluginCategory(category)) {
      throw new InputError(`Query parameter 'category' is not a known category: '${category}'`);
    }
  }
  const compatibleWith = single(query, 'compatibleWith');
  if (compatibleWith && !semver.valid(compatibleWith)) {
    throw new InputError(`Query parameter 'compatibleWith' must be a version like 1.55.0, got '${compatibleWith}'`);
  }
  const installed = oneOf(query, 'installed', ['true', 'false'] as const);
  const optionalInteger = (name: string, max: number) =>
    single(query, name) === undefined ? undefined : integer(query, name, 0, 0, max);
  return {
    text: text || undefined,
    mode: oneOf(query, 'mode', SEARCH_MODES) ?? (text ? 'hybrid' : 'text'),
    sort: oneOf(query, 'sort', SEARCH_SORTS) ?? 'relevance',
    limit: integer(query, 'limit', 20, 1, 100),
    cursor: single(query, 'cursor') || undefined,
    filters: {
      categories,
      authors: list(query, 'author'),
      tags: list(query, 'tag'),
      licenses: list(query, 'license'),
      roles: list(query, 'role'),
      sources: list(query, 'source'),
      installed: installed === undefined ? undefined : installed === 'true',
      compatibleWith: compatibleWith || undefined,
      updatedWithinDays: optionalInteger('updatedWithinDays', 36500),
      minQuality: optionalInteger('minQuality', 100),
      minDownloads: optionalInteger('minDownloads', Number.MAX_SAFE_INTEGER),
    },
  };
}

/** Reads `GET /plugins/autocomplete` parameters. */
export function parseAutocomplete(query: Query): { prefix: string; limit: number } {
  const prefix = single(query, 'q') ?? '';
  if (prefix.length > 100) {
    throw new InputError("Query parameter 'q' must be at most 100 characters");
  }
  return { prefix, limit: integer(query, 'limit', 8, 1, 50) };
}
