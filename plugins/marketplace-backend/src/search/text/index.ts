export type { FilteredPlugins, TextSearchIndex } from './TextSearchIndex';
export {
  DatabaseTextSearchIndex,
  MAX_PAGE_SIZE,
  MAX_RANKED_IDS,
  MAX_SUGGESTIONS,
} from './DatabaseTextSearchIndex';
export { UPDATED_BUCKETS, QUALITY_BUCKETS, POPULARITY_BUCKETS } from './facets';
export { MAX_TEXT_LENGTH } from './textQuery';
