import { isCompatible } from '@internal/backstage-plugin-marketplace-common';
import { InputError } from '@backstage/errors';
import semver from 'semver';
import { SearchFilters } from '../types';
import type { CandidateColumns, Dictionary, ListColumn } from './CandidateColumns';

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
 * The filters compiled against the columns: for a row number, the set of
 * filters (FILTER_BITS) it fails, 0 when it passes them all. Each filter
 * fails on its own, so that facets can leave out one filter at a time.
 */
export function filterMask(
  columns: CandidateColumns,
  filters: SearchFilters,
  now: Date,
): (row: number) => number {
  const tests: Array<{ bit: number; passes: (row: number) => boolean }> = [];
  const accepted = (values: string[], dictionary: Dictionary) => {
    const marks = new Uint8Array(dictionary.size);
    for (const value of values) {
      const number = dictionary.find(value);
      if (number !== undefined) marks[number] = 1;
    }
    return marks;
  };
  const oneOf = (name: FilterName, values: string[] | undefined, dictionary: Dictionary, column: Int32Array) => {
    if (!values) return;
    const marks = accepted(values, dictionary);
    tests.push({ bit: FILTER_BITS[name], passes: row => column[row] >= 0 && marks[column[row]] === 1 });
  };
  const anyOf = (name: FilterName, values: string[] | undefined, list: ListColumn) => {
    if (!values) return;
    const marks = accepted(values, list.dictionary);
    const { starts, values: codes } = list;
    tests.push({
      bit: FILTER_BITS[name],
      passes: row => {
        for (let k = starts[row]; k < starts[row + 1]; k++) if (marks[codes[k]] === 1) return true;
        return false;
      },
    });
  };
  oneOf('categories', filters.categories, columns.categories, columns.category);
  oneOf('authors', filters.authors, columns.authors, columns.author);
  anyOf('tags', filters.tags, columns.tags);
  oneOf('licenses', filters.licenses, columns.licenses, columns.license);
  anyOf('roles', filters.roles, columns.roles);
  oneOf('sources', filters.sources, columns.sources, columns.source);

  const { installed, compatibleWith, updatedWithinDays, minQuality, minDownloads } = filters;
  if (installed !== undefined) {
    const wanted = installed ? 1 : 0;
    tests.push({ bit: FILTER_BITS.installed, passes: row => columns.installed[row] === wanted });
  }
  if (compatibleWith !== undefined) {
    const compatible = compatibleVersions(columns, compatibleWith);
    tests.push({ bit: FILTER_BITS.compatibleWith, passes: row => compatible(row) });
  }
  if (updatedWithinDays !== undefined) {
    const from = columns.releasedFrom(releasedSince(now, updatedWithinDays));
    tests.push({ bit: FILTER_BITS.updatedWithinDays, passes: row => columns.released[row] >= from });
  }
  if (minQuality !== undefined) {
    tests.push({ bit: FILTER_BITS.minQuality, passes: row => columns.quality[row] >= minQuality });
  }
  if (minDownloads !== undefined) {
    tests.push({ bit: FILTER_BITS.minDownloads, passes: row => columns.downloads[row] >= minDownloads });
  }
  if (tests.length === 0) return () => 0;
  return row => {
    let mask = 0;
    for (const test of tests) {
      if (!test.passes(row)) mask |= test.bit;
    }
    return mask;
  };
}

/** Whether each row's Backstage range admits `version` (a row with none does), evaluated once per range. */
export function compatibleVersions(columns: CandidateColumns, version: string): (row: number) => boolean {
  const test = compatibility(version);
  const ranges = Uint8Array.from(columns.versions.values, range => (test(range) ? 1 : 0));
  return row => columns.version[row] < 0 || ranges[columns.version[row]] === 1;
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
