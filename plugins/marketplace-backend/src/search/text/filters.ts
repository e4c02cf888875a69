import { isCompatible } from '@internal/backstage-plugin-marketplace-common';
import { InputError } from '@backstage/errors';
import semver from 'semver';
import { SearchFilters } from '../types';

/** A plugin as filters and facets see it: the small columns of `plugins`. */
export interface CandidateRow {
  id: string;
  name: string;
  author: string;
  category: string;
  tags: string[];
  roles: string[];
  license?: string;
  source: string;
  backstageVersion?: string;
  downloads: number;
  quality: number;
  publishedAt?: string;
  installed: boolean;
}

/** A filter of `SearchFilters`, by name. */
export type FilterName = keyof SearchFilters;

/** One bit per filter, for sets of filters a row fails. */
export const FILTER_BITS: Readonly<Record<FilterName, number>> = {
  categories: 1 << 0,
  authors: 1 << 1,
  tags: 1 << 2,
  licenses: 1 << 3,
  roles: 1 << 4,
  sources: 1 << 5,
  installed: 1 << 6,
  compatibleWith: 1 << 7,
  updatedWithinDays: 1 << 8,
  minQuality: 1 << 9,
  minDownloads: 1 << 10,
};

const LIST_FILTERS = ['categories', 'authors', 'tags', 'licenses', 'roles', 'sources'] as const;
const MAX_LIST_VALUES = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Checks filters from outside; the error names the field at fault.
 * Empty lists mean no filter.
 */
export function validateFilters(filters: SearchFilters | undefined): SearchFilters {
  if (filters === undefined) return {};
  if (typeof filters !== 'object' || filters === null || Array.isArray(filters)) {
    throw new InputError('filters must be an object');
  }
  const valid: SearchFilters = {};
  for (const name of LIST_FILTERS) {
    const values = filters[name];
    if (values === undefined) continue;
    if (
      !Array.isArray(values) ||
      values.length > MAX_LIST_VALUES ||
      values.some(v => typeof v !== 'string')
    ) {
      throw new InputError(
        `filters.${name} must be a list of at most ${MAX_LIST_VALUES} strings`,
      );
    }
    if (values.length > 0) valid[name] = values;
  }
  if (filters.installed !== undefined) {
    if (typeof filters.installed !== 'boolean') {
      throw new InputError('filters.installed must be true or false');
    }
    valid.installed = filters.installed;
  }
  if (filters.compatibleWith !== undefined) {
    if (typeof filters.compatibleWith !== 'string' || !semver.valid(filters.compatibleWith)) {
      throw new InputError('filters.compatibleWith must be a version, like 1.55.0');
    }
    valid.compatibleWith = filters.compatibleWith;
  }
  const numbers: Array<[FilterName & ('updatedWithinDays' | 'minQuality' | 'minDownloads'), number, number]> = [
    ['updatedWithinDays', 1, 100 * 365],
    ['minQuality', 0, 100],
    ['minDownloads', 0, Number.MAX_SAFE_INTEGER],
  ];
  for (const [name, min, max] of numbers) {
    const value = filters[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new InputError(`filters.${name} must be a number from ${min} to ${max}`);
    }
    valid[name] = value;
  }
  return valid;
}


/**
 * The filters as predicates, so that each can be left out in turn for facet
 * counts. Compatibility is evaluated once per distinct range.
 */
export function filterPredicates(
  filters: SearchFilters,
  now: Date,
): Array<{ name: FilterName; test: (row: CandidateRow) => boolean }> {
  const predicates: Array<{ name: FilterName; test: (row: CandidateRow) => boolean }> = [];
  const anyOf = (name: FilterName, values: string[] | undefined, get: (row: CandidateRow) => string[]) => {
    if (!values) return;
    const wanted = new Set(values);
    predicates.push({ name, test: row => get(row).some(v => wanted.has(v)) });
  };
  anyOf('categories', filters.categories, r => [r.category]);
  anyOf('authors', filters.authors, r => [r.author]);
  anyOf('tags', filters.tags, r => r.tags);
  anyOf('licenses', filters.licenses, r => (r.license ? [r.license] : []));
  anyOf('roles', filters.roles, r => r.roles);
  anyOf('sources', filters.sources, r => [r.source]);

  const { installed, compatibleWith, updatedWithinDays, minQuality, minDownloads } = filters;
  if (installed !== undefined) {
    predicates.push({ name: 'installed', test: r => r.installed === installed });
  }
  if (compatibleWith !== undefined) {
    const test = compatibility(compatibleWith);
    predicates.push({ name: 'compatibleWith', test: r => test(r.backstageVersion) });
  }
  if (updatedWithinDays !== undefined) {
    const since = releasedSince(now, updatedWithinDays);
    predicates.push({ name: 'updatedWithinDays', test: r => r.publishedAt !== undefined && r.publishedAt >= since });
  }
  if (minQuality !== undefined) {
    predicates.push({ name: 'minQuality', test: r => r.quality >= minQuality });
  }
  if (minDownloads !== undefined) {
    predicates.push({ name: 'minDownloads', test: r => r.downloads >= minDownloads });
  }
  return predicates;
}

/** For each row, the filters it fails, as a set of FILTER_BITS; 0 for a row that passes. */
export function failingFilters(
  rows: CandidateRow[],
  predicates: ReturnType<typeof filterPredicates>,
): Uint32Array {
  const failing = new Uint32Array(rows.length);
  rows.forEach((row, i) => {
    let mask = 0;
    for (const predicate of predicates) {
      if (!predicate.test(row)) mask |= FILTER_BITS[predicate.name];
    }
    failing[i] = mask;
  });
  return failing;
}

/** The ISO timestamp `days` before `now`; release dates are ISO strings, which sort as time. */
export function releasedSince(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

/** `isCompatible` against one version, remembered per range. */
export function compatibility(version: string): (range: string | undefined) => boolean {
  const known = new Map<string, boolean>();
  return range => {
    if (!range) return true;
    let result = known.get(range);
    if (result === undefined) {
      result = isCompatible(range, version);
      known.set(range, result);
    }
    return result;
  };
}
