import { FacetCount, SearchFilters } from '../types';
import { CandidateRow, compatibility, FILTER_BITS, FilterName, releasedSince } from './filters';
import { compareStrings } from './ordering';

/** Release-age buckets of the `updated` facet, in days: `updatedWithinDays` values. */
export const UPDATED_BUCKETS = [30, 90, 365] as const;
/** Buckets of the `quality` facet: `minQuality` values. */
export const QUALITY_BUCKETS = [80, 60, 40, 20] as const;
/** Buckets of the `popularity` facet: `minDownloads` values (monthly downloads). */
export const POPULARITY_BUCKETS = [100000, 10000, 1000, 100] as const;

/** How many values the largest facets report, the most frequent first. */
const TOP_VALUES: Partial<Record<string, number>> = { tags: 30, authors: 50 };

interface FacetDefinition {
  name: string;
  /** The filter that this facet's values select, left out when counting it. */
  filter: FilterName;
  /** Calls `add` once for each value of the row. */
  collect(row: CandidateRow, add: (value: string) => void): void;
  /** Values always reported, in this order, even when none has them. */
  fixed?: string[];
  /** Values the filter selects, reported even when none has them. */
  selected?: string[];
}

function eachDistinct(values: string[], add: (value: string) => void) {
  values.forEach((value, i) => {
    if (values.indexOf(value) === i) add(value);
  });
}

function atLeast(thresholds: readonly number[], value: number, add: (value: string) => void) {
  for (const min of thresholds) {
    if (value >= min) add(String(min));
  }
}

function definitions(
  filters: SearchFilters,
  now: Date,
  backstageVersion: string | undefined,
): FacetDefinition[] {
  const since = UPDATED_BUCKETS.map(days => [String(days), releasedSince(now, days)] as const);
  const version = filters.compatibleWith ?? backstageVersion;
  const compatible = version ? compatibility(version) : undefined;
  return [
    { name: 'categories', filter: 'categories', collect: (r, add) => add(r.category), selected: filters.categories },
    { name: 'authors', filter: 'authors', collect: (r, add) => add(r.author), selected: filters.authors },
    { name: 'tags', filter: 'tags', collect: (r, add) => eachDistinct(r.tags, add), selected: filters.tags },
    {
      name: 'licenses',
      filter: 'licenses',
      collect: (r, add) => r.license && add(r.license),
      selected: filters.licenses,
    },
    { name: 'roles', filter: 'roles', collect: (r, add) => eachDistinct(r.roles, add), selected: filters.roles },
    { name: 'sources', filter: 'sources', collect: (r, add) => add(r.source), selected: filters.sources },
    {
      name: 'installed',
      filter: 'installed',
      collect: (r, add) => add(String(r.installed)),
      fixed: ['true', 'false'],
    },
    {
      name: 'compatible',
      filter: 'compatibleWith',
      collect: (r, add) => compatible && add(String(compatible(r.backstageVersion))),
      fixed: compatible ? ['true', 'false'] : [],
    },
    {
      name: 'updated',
      filter: 'updatedWithinDays',
      collect: (r, add) => {
        let any = false;
        for (const [days, date] of since) {
          if (r.publishedAt !== undefined && r.publishedAt >= date) {
            add(days);
            any = true;
          }
        }
        if (!any) add('older');
      },
      fixed: [...since.map(([days]) => days), 'older'],
    },
    {
      name: 'quality',
      filter: 'minQuality',
      collect: (r, add) => atLeast(QUALITY_BUCKETS, r.quality, add),
      fixed: QUALITY_BUCKETS.map(String),
    },
    {
      name: 'popularity',
      filter: 'minDownloads',
      collect: (r, add) => atLeast(POPULARITY_BUCKETS, r.downloads, add),
      fixed: POPULARITY_BUCKETS.map(String),
    },
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
 * `failing[i]` is the set of filters (FILTER_BITS) `candidates[i]` fails.
 */
export function computeFacets(options: {
  candidates: CandidateRow[];
  failing: Uint32Array;
  filters: SearchFilters;
  now: Date;
  backstageVersion?: string;
}): Record<string, FacetCount[]> {
  const { candidates, failing, filters, now, backstageVersion } = options;
  const facets: Record<string, FacetCount[]> = {};
  for (const facet of definitions(filters, now, backstageVersion)) {
    const own = FILTER_BITS[facet.filter];
    const counts = new Map<string, number>();
    const add = (value: string) => counts.set(value, (counts.get(value) ?? 0) + 1);
    for (let i = 0; i < candidates.length; i++) {
      if (failing[i] === 0 || failing[i] === own) facet.collect(candidates[i], add);
    }
    facets[facet.name] = facet.fixed
      ? facet.fixed.map(value => ({ value, count: counts.get(value) ?? 0 }))
      : topValues(counts, TOP_VALUES[facet.name], facet.selected ?? []);
  }
  return facets;
}

function topValues(counts: Map<string, number>, limit: number | undefined, selected: string[]): FacetCount[] {
  const sorted = [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || compareStrings(a.value, b.value));
  const top = limit === undefined ? sorted : sorted.slice(0, limit);
  for (const value of selected) {
    if (!top.some(f => f.value === value)) {
      top.push({ value, count: counts.get(value) ?? 0 });
    }
  }
  return top;
}
