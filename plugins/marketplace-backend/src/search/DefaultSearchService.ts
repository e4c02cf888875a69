import { InputError } from '@backstage/errors';
import { PluginSummary, SemanticIndexStatus } from '@internal/backstage-plugin-marketplace-common';
import { SemanticIndex } from './semantic';
import { TextSearchIndex } from './text';
import { sortRows } from './text/ordering';
import { RankedIds, SearchQuery, SearchResult, Suggestion } from './types';

/** How many plugins a semantic or hybrid search ranks at most. */
const MAX_RANKED = 100;

/**
 * Marketplace search: text (weighted full-text with typo tolerance, facets,
 * cursor pagination), semantic (embeddings) and hybrid (both, fused).
 *
 * @public
 */
export interface SearchService {
  search(query: SearchQuery): Promise<SearchResult>;
  autocomplete(prefix: string, limit: number): Promise<Suggestion[]>;
  /** How far search by meaning has caught up with the registry. */
  semanticStatus(): Promise<SemanticIndexStatus>;
}

/**
 * Text search is answered by the text index alone. Semantic and hybrid
 * searches rank with embeddings among the plugins that pass the filters, and
 * take their facet counts from the text index over the same filters.
 *
 * @public
 */
export class DefaultSearchService implements SearchService {
  private constructor(
    private readonly text: TextSearchIndex,
    private readonly semantic: SemanticIndex,
    private readonly summaries: (ids: string[]) => Promise<Map<string, PluginSummary>>,
  ) {}

  static create(options: {
    text: TextSearchIndex;
    semantic: SemanticIndex;
    /** Loads the summaries of the given plugins. */
    summaries: (ids: string[]) => Promise<Map<string, PluginSummary>>;
  }) {
    return new DefaultSearchService(options.text, options.semantic, options.summaries);
  }

  autocomplete(prefix: string, limit: number) {
    return this.text.autocomplete(prefix, limit);
  }

  semanticStatus() {
    return this.semantic.status();
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const text = query.text?.trim();
    if (query.mode === 'text' || !text) {
      return this.text.search({ ...query, mode: 'text' });
    }
    const offset = decodeOffset(query.cursor);
    // Every plugin passing the filters is a candidate.
    const filtered = await this.text.filtered(query.filters);
    const candidates = filtered.ids;

    const ranked =
      query.mode === 'semantic'
        ? await this.semantic.rank(text, MAX_RANKED, candidates)
        : await this.semantic.hybridRank(text, MAX_RANKED, {
            rankText: (t, limit, among) => this.text.rankText(t, limit, query.filters, among),
            candidateIds: candidates,
          });
    const ordered = query.sort === 'relevance' ? ranked : await this.reorder(ranked, query.sort);
    const page = ordered.slice(offset, offset + query.limit);
    const summaries = await this.summaries(page.map(r => r.id));
    const items = page.flatMap(r => {
      const summary = summaries.get(r.id);
      return summary ? [{ ...summary, score: r.score }] : [];
    });
    const next = offset + query.limit;
    return {
      items,
      totalCount: ranked.length,
      facets: filtered.facets,
      nextCursor: next < ranked.length ? encodeOffset(next) : undefined,
    };
  }

  /**
   * The ranked plugins in another order than relevance (the user sorted the
   * matches by name, say): the same set, ordered as text search orders.
   */
  private async reorder(ranked: RankedIds, sort: SearchQuery['sort']): Promise<RankedIds> {
    const summaries = await this.summaries(ranked.map(r => r.id));
    const rows = ranked.flatMap(({ id, score }) => {
      const s = summaries.get(id);
      if (!s) return [];
      return [{
        id,
        score,
        name: s.name,
        author: s.author,
        category: s.category,
        tags: s.tags,
        roles: s.roles,
        license: s.license,
        source: s.source,
        backstageVersion: s.backstageVersion,
        downloads: s.downloadsMonthly,
        quality: s.qualityScore,
        publishedAt: s.publishedAt,
        installed: s.installed,
      }];
    });
    return sortRows(sort, rows).map(({ id, score }) => ({ id, score }));
  }
}


function encodeOffset(offset: number) {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeOffset(cursor?: string): number {
  if (!cursor) return 0;
  try {
    const { o } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Number.isInteger(o) && o >= 0 && o < MAX_RANKED) return o;
  } catch {
    // Reported below.
  }
  throw new InputError("Query parameter 'cursor' is not a cursor of this search");
}
