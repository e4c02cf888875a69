import { categoryTitle, formatCount, roleTitle } from '../common/format';
import { ListFilter, ValueFilter } from './searchState';

const SOURCE_TITLES: Record<string, string> = {
  'first-party': 'Official',
  catalog: 'Your organization (catalog)',
  npm: 'npm registry',
  seed: 'Bundled npm snapshot',
};

/** A facet's options: the label of a value, and how many to show before "Show more". */
export interface ListFacetDefinition {
  facet: string;
  param: ListFilter;
  title: string;
  label?: (value: string) => string;
  initiallyShown?: number;
}

export const LIST_FACETS: ListFacetDefinition[] = [
  { facet: 'categories', param: 'category', title: 'Category', label: categoryTitle, initiallyShown: 20 },
  { facet: 'roles', param: 'role', title: 'Package role', label: roleTitle },
  { facet: 'sources', param: 'source', title: 'Source', label: v => SOURCE_TITLES[v] ?? v },
  { facet: 'licenses', param: 'license', title: 'License', initiallyShown: 6 },
  { facet: 'authors', param: 'author', title: 'Author', initiallyShown: 6 },
  { facet: 'tags', param: 'tag', title: 'Tag', initiallyShown: 8 },
];

export interface ValueFacetDefinition {
  facet: string;
  param: ValueFilter;
  title: string;
  label: (value: string) => string;
  /** Values the filter cannot select (such as "older"), left out. */
  skip?: string[];
}

export const VALUE_FACETS: ValueFacetDefinition[] = [
  { facet: 'installed', param: 'installed', title: 'Install status', label: v => (v === 'true' ? 'Installed' : 'Not installed') },
  { facet: 'compatible', param: 'compatible', title: 'Compatibility', label: v => (v === 'true' ? 'Works with this app' : 'Needs another Backstage release'), skip: ['false'] },
  { facet: 'updated', param: 'updatedWithinDays', title: 'Last updated', label: v => `Within ${v === '365' ? 'a year' : `${v} days`}`, skip: ['older'] },
  { facet: 'quality', param: 'minQuality', title: 'Quality score', label: v => `${v} or more` },
  { facet: 'popularity', param: 'minDownloads', title: 'Popularity', label: v => `${formatCount(Number(v))}+ downloads/mo` },
];

/** A set filter as people say it, e.g. "Category: Security" or "Quality score: 60 or more". */
export function filterLabel(param: ListFilter | ValueFilter, value: string): string {
  const list = LIST_FACETS.find(d => d.param === param);
  if (list) return `${list.title}: ${list.label?.(value) ?? value}`;
  const single = VALUE_FACETS.find(d => d.param === param);
  return single ? `${single.title}: ${single.label(value)}` : `${param}: ${value}`;
}
