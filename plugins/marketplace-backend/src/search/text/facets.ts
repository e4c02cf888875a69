import { FacetCount, SearchFilters } from '../types';
import { CandidateColumns, Dictionary, ListColumn } from './CandidateColumns';
import { compatibleVersions, FILTER_BITS, FilterName, releasedSince } from './filters';
import { compareStrings } from './ordering';

/** Release-age buckets of the `updated` facet, in days: `updatedWithinDays` values. */
export const UPDATED_BUCKETS = [30, 90, 365] as const;
/** Buckets of the `quality` facet: `minQuality` values. */
export const QUALITY_BUCKETS = [80, 60, 40, 20] as const;
/** Buckets of the `popularity` facet: `minDownloads` values (monthly downloads). */
export const POPULARITY_BUCKETS = [100000, 10000, 1000, 100] as const;

/** How many values the largest facets report, the most frequent first. */
const TOP_VALUES: Partial<Record<string, number>> = { tags: 30, authors: 50 };

/** A facet counting into numbered slots while rows are visited. */
interface Facet {
  name: string;
  /** The filter that this facet's values select, left out when counting it. */
  filter: FilterName;
  counts: Int32Array;
  /** Adds the values of the rows to `counts`. */
  addRows(rows: ArrayLike<number>): void;
  /** The counts as the facet reports them. */
  report(): FacetCount[];
}

function termFacet(
  name: string,
  filter: FilterName,
  dictionary: Dictionary,
  column: Int32Array,
  selected: string[] | undefined,
): Facet {
  const counts = new Int32Array(dictionary.size);
  return {
    name,
    filter,
    counts,
    addRows: rows => {
      for (let i = 0; i < rows.length; i++) {
        const value = column[rows[i]];
        if (value >= 0) counts[value] += 1;
      }
    },
    report: () => topValues(dictionary, counts, TOP_VALUES[name], selected ?? []),
  };
}

function listFacet(name: string, filter: FilterName, list: ListColumn, selected: string[] | undefined): Facet {
  const counts = new Int32Array(list.dictionary.size);
  const { starts, values } = list;
  return {
    name,
    filter,
    counts,
    addRows: rows => {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        for (let k = starts[row]; k < starts[row + 1]; k++) counts[values[k]] += 1;
      }
    },
    report: () => topValues(list.dictionary, counts, TOP_VALUES[name], selected ?? []),
  };
}

/** A facet of fixed values: slot `i` counts `values[i]`; `slots` says which slots a row adds to. */
function fixedFacet(name: string, filter: FilterName, values: string[], slots: (row: number, add: (slot: number) => void) => void): Facet {
  const counts = new Int32Array(values.length);
  const add = (slot: number) => {
    counts[slot] += 1;
  };
  return {
    name,
    filter,
    counts,
    addRows: rows => {
      for (let i = 0; i < rows.length; i++) slots(rows[i], add);
    },
    report: () => values.map((value, i) => ({ value, count: counts[i] })),
  };
}

/** Slots of the thresholds that `value` reaches. */
function atLeast(thresholds: readonly number[], value: number, add: (slot: number) => void) {
  for (let i = 0; i < thresholds.length; i++) {
    if (value >= thresholds[i]) add(i);
  }
}

function facetsOf(columns: CandidateColumns, filters: SearchFilters, now: Date, backstageVersion: string | undefined): Facet[] {
  const c = columns;
  const version = filters.compatibleWith ?? backstageVersion;
  const compatible = version ? compatibleVersions(c, version) : undefined;
  const releasedFrom = UPDATED_BUCKETS.map(days => c.releasedFrom(releasedSince(now, days)));
  return [
    termFacet('categories', 'categories', c.categories, c.category, filters.categories),
    termFacet('authors', 'authors', c.authors, c.author, filters.authors),
    listFacet('tags', 'tags', c.tags, filters.tags),
    termFacet('licenses', 'licenses', c.licenses, c.license, filters.licenses),
    listFacet('roles', 'roles', c.roles, filters.roles),
    termFacet('sources', 'sources', c.sources, c.source, filters.sources),
    fixedFacet('installed', 'installed', ['true', 'false'], (row, add) => add(c.installed[row] === 1 ? 0 : 1)),
    fixedFacet('compatible', 'compatibleWith', compatible ? ['true', 'false'] : [], (row, add) => {
      if (compatible) add(compatible(row) ? 0 : 1);
    }),
    fixedFacet('updated', 'updatedWithinDays', [...UPDATED_BUCKETS.map(String), 'older'], (row, add) => {
      const released = c.released[row];
      let any = false;
      for (let i = 0; i < releasedFrom.length; i++) {
        if (released >= 0 && released >= releasedFrom[i]) {
          add(i);
          any = true;
        }
      }
      if (!any) add(UPDATED_BUCKETS.length);
    }),
    fixedFacet('quality', 'minQuality', QUALITY_BUCKETS.map(String), (row, add) => atLeast(QUALITY_BUCKETS, c.quality[row], add)),
    fixedFacet('popularity', 'minDownloads', POPULARITY_BUCKETS.map(String), (row, add) =>
      atLeast(POPULARITY_BUCKETS, c.downloads[row], add),
    ),
  ];
}

/**
 * Facet counts, each over the candidates that pass every filter but its own
 * (so a facet shows what choosing one of its values would give, and the
 * values not chosen yet stay visible).
 *
 * Term facets (categories, authors, tags, licenses, roles, sources) count
 * plugins per value, the most frequent first. `installed` and `compatible`
 * count `true` and `false`; `compatible` is against `compatibleWith`, else
 * the app's Backstage version, else empty. The bucket facets are cumulative
 * and their values are filter values: `updated` `30`/`90`/`365` count what
 * `updatedWithinDays` of that many days returns (`older`: the rest, release
 * date unknown included); `quality` and `popularity` count what `minQuality`
 * and `minDownloads` of the value return.
 *
 * `passing` are the candidates passing every filter; `failingOne` the
 * candidates failing exactly one, by the filter's bit (FILTER_BITS): those
 * count in that filter's facet only.
 */
export function computeFacets(options: {
  columns: CandidateColumns;
  passing: ArrayLike<number>;
  failingOne: ReadonlyMap<number, ArrayLike<number>>;
  filters: SearchFilters;
  now: Date;
  backstageVersion?: string;
}): Record<string, FacetCount[]> {
  const { columns, passing, failingOne, filters, now, backstageVersion } = options;
  const facets = facetsOf(columns, filters, now, backstageVersion);
  for (const facet of facets) {
    facet.addRows(passing);
    const others = failingOne.get(FILTER_BITS[facet.filter]);
    if (others) facet.addRows(others);
  }
  return Object.fromEntries(facets.map(f => [f.name, f.report()]));
}

function topValues(dictionary: Dictionary, counts: Int32Array, limit: number | undefined, selected: string[]): FacetCount[] {
  const present: FacetCount[] = [];
  counts.forEach((count, number) => {
    if (count > 0) present.push({ value: dictionary.values[number], count });
  });
  present.sort((a, b) => b.count - a.count || compareStrings(a.value, b.value));
  const top = limit === undefined ? present : present.slice(0, limit);
  for (const value of selected) {
    if (!top.some(f => f.value === value)) {
      const number = dictionary.find(value);
      top.push({ value, count: number === undefined ? 0 : counts[number] });
    }
  }
  return top;
}
