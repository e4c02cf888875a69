import { DatabaseService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  RankedIds,
  SearchFilters,
  SearchQuery,
  SearchResult,
  Suggestion,
} from '../types';
import { CandidateCache, CandidateSet } from './CandidateCache';
import { loadHits } from './candidates';
import { PostgresTextSearchDialect } from './dialects/PostgresTextSearchDialect';
import { SqliteTextSearchDialect } from './dialects/SqliteTextSearchDialect';
import { TextSearchDialect } from './dialects/TextSearchDialect';
import { computeFacets } from './facets';
import { failingFilters, filterPredicates, validateFilters } from './filters';
import {
  encodeCursor,
  queryFingerprint,
  rowsAfterCursor,
  ScoredRow,
  SEARCH_SORTS,
  sortRows,
} from './ordering';
import {
  FUZZY_THRESHOLD,
  LexicalMatch,
  normalizeRanks,
  relevance,
  requiredTerms,
  TermField,
} from './scoring';
import {
  allowsTypos,
  categoryCandidates,
  matchingCategories,
  normalizePrefix,
  rankSuggestions,
  SuggestionCandidate,
} from './suggestions';
import { TextSearchIndex } from './TextSearchIndex';
import { ParsedText, parseSearchText, tokenize } from './textQuery';
import { wordSimilarity } from './trigram';

/** Largest page of a search. */
export const MAX_PAGE_SIZE = 100;
/** Most ids `rankText` returns. */
export const MAX_RANKED_IDS = 1000;
/** Most suggestions `autocomplete` returns. */
export const MAX_SUGGESTIONS = 50;

function checkLimit(field: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InputError(`${field} must be a whole number from 1 to ${max}`);
  }
  return value;
}

/**
 * Full-text search in the marketplace's own database: Postgres' weighted
 * tsvector and pg_trgm, or SQLite's FTS5 (see the `search_text` migration).
 * The databases find and rank matches; scoring, filters, facets, order and
 * cursors are shared code, so both give the same results.
 *
 * Reads tables that the registry store's migrations create: create it after
 * `DatabaseRegistryStore`.
 *
 * @public
 */
export class DatabaseTextSearchIndex implements TextSearchIndex {
  private readonly cache = new CandidateCache();

  private constructor(
    private readonly dialect: TextSearchDialect,
    private readonly backstageVersion: string | undefined,
    private readonly now: () => Date,
  ) {}

  /** Reads the database of `database`; runs no migrations (the registry store does). */
  static async create(options: {
    database: DatabaseService;
    /** The app's Backstage version: the `compatible` facet counts against it by default. */
    backstageVersion?: string;
    /** The current time, for release-age filters and facets. */
    now?: () => Date;
  }): Promise<DatabaseTextSearchIndex> {
    const db = await options.database.getClient();
    const dialect =
      db.client.config.client === 'pg'
        ? new PostgresTextSearchDialect(db)
        : new SqliteTextSearchDialect(db);
    return new DatabaseTextSearchIndex(
      dialect,
      options.backstageVersion,
      options.now ?? (() => new Date()),
    );
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    if (typeof query !== 'object' || query === null) {
      throw new InputError('query must be an object');
    }
    if (query.mode !== 'text') {
      throw new InputError(`mode must be 'text' for the text index`);
    }
    if (!SEARCH_SORTS.includes(query.sort)) {
      throw new InputError(`sort must be one of ${SEARCH_SORTS.join(', ')}`);
    }
    const limit = checkLimit('limit', query.limit, MAX_PAGE_SIZE);
    if (query.text !== undefined && typeof query.text !== 'string') {
      throw new InputError('text must be a string');
    }
    if (query.cursor !== undefined && typeof query.cursor !== 'string') {
      throw new InputError('cursor must be a string');
    }
    const filters = validateFilters(query.filters);
    const text = parseSearchText(query.text);
    const { sort, cursor } = query;
    const now = this.now();

    return this.dialect.snapshot(async tx => {
      const candidates = await this.candidates(tx, text);
      const failing = failingFilters(candidates, filterPredicates(filters, now));
      const matching = sortRows(
        sort,
        candidates.filter((_, i) => failing[i] === 0),
      );
      const fingerprint = queryFingerprint([text?.words, filters, sort]);
      const rest = cursor ? rowsAfterCursor(sort, fingerprint, cursor, matching) : matching;
      const page = rest.slice(0, limit);
      return {
        items: await loadHits(tx, page),
        totalCount: matching.length,
        facets: computeFacets({
          candidates,
          failing,
          filters,
          now,
          backstageVersion: this.backstageVersion,
        }),
        nextCursor:
          rest.length > limit ? encodeCursor(sort, fingerprint, page[page.length - 1]) : undefined,
      };
    });
  }

  // Unlike search, ranks every plugin holding any of the words: hybrid ranking gains from partial matches.
  async rankText(text: string, limit: number, filters?: SearchFilters): Promise<RankedIds> {
    checkLimit('limit', limit, MAX_RANKED_IDS);
    if (typeof text !== 'string') throw new InputError('text must be a string');
    const valid = validateFilters(filters);
    const parsed = parseSearchText(text);
    if (!parsed) return [];
    const now = this.now();
    return this.dialect.snapshot(async tx => {
      const predicates = filterPredicates(valid, now);
      const matching = (await this.candidates(tx, parsed, 'any')).filter(row =>
        predicates.every(p => p.test(row)),
      );
      return sortRows('relevance', matching)
        .slice(0, limit)
        .map(row => ({ id: row.id, score: row.score }));
    });
  }

  async autocomplete(prefix: string, limit: number = 8): Promise<Suggestion[]> {
    checkLimit('limit', limit, MAX_SUGGESTIONS);
    if (typeof prefix !== 'string') throw new InputError('prefix must be a string');
    const normalized = normalizePrefix(prefix);
    if (!normalized) return [];
    const fuzzy = allowsTypos(normalized);
    return this.dialect.snapshot(async tx => {
      const names = await this.dialect.nameSuggestions(tx, normalized, fuzzy);
      const tags = await this.dialect.tagSuggestions(tx, normalized, fuzzy);
      // Counting every plugin's category on each keystroke costs more than the rest of a
      // suggestion at 100k plugins; most prefixes match no category, or one or two.
      const wanted = matchingCategories(normalized);
      const categories = wanted.length
        ? await tx('plugins')
            .whereIn('category', wanted)
            .select('category')
            .count({ count: '*' })
            .groupBy('category')
        : [];
      const candidates: SuggestionCandidate[] = [
        ...categoryCandidates(new Map(categories.map((r: any) => [r.category, Number(r.count)]))),
        ...tags.map(t => ({ kind: 'tag' as const, label: t.tag, value: t.tag, text: t.tag, popularity: t.count })),
        ...names.map(n => ({
          kind: 'plugin' as const,
          label: n.name,
          value: n.id,
          text: n.nameText,
          popularity: n.downloads,
        })),
      ];
      return rankSuggestions(normalized, candidates, limit);
    });
  }

  /**
   * The plugins a text matches, with their relevance; every plugin, scored 0,
   * when there is no text. `enough` keeps plugins holding enough of the
   * terms (see `requiredTerms`), `any` those holding any.
   */
  private async candidates(
    tx: Knex,
    text: ParsedText | undefined,
    match: 'enough' | 'any' = 'enough',
  ): Promise<ScoredRow[]> {
    const all = await this.cache.get(tx);
    if (!text) {
      return all.rows.map(row => ({ ...row, score: 0 }));
    }
    const { terms, fuzzy, words } = text;
    // A search of two words keeps the plugins holding both when there are any (see
    // requiredTerms): asking the database for those first spares reading the thousands that
    // hold only one common word. Only when none holds both are the others read.
    const needsAll = match === 'enough' && terms.length > 1 && requiredTerms(terms.length) === terms.length;
    let hits = needsAll ? known(all, await this.dialect.lexical(tx, terms, 'all')) : [];
    if (hits.length === 0 && terms.length > 0) {
      hits = known(all, await this.dialect.lexical(tx, terms, 'any'));
    }
    // Plugins holding enough of the terms; if none does, those holding the most.
    const held = (fields: TermField[]) => fields.filter(f => f > 0).length;
    const most = hits.reduce((max, h) => Math.max(max, held(h.fields)), 0);
    const required = match === 'any' ? 1 : Math.min(requiredTerms(terms.length), most);
    hits = normalizeRanks(hits.filter(h => held(h.fields) >= required));

    const lexical = new Map<string, LexicalMatch>(hits.map(h => [h.id, h]));
    const similarity = new Map<string, number>();
    if (allowsTypos(fuzzy)) {
      for (const name of known(all, await this.dialect.similarNames(tx, fuzzy))) {
        const value = wordSimilarity(fuzzy, name.nameText);
        if (value >= FUZZY_THRESHOLD) similarity.set(name.id, value);
      }
    }
    const ids = new Set([...lexical.keys(), ...similarity.keys()]);

    const phrase = words.join(' ');
    return [...ids].flatMap(id => all.byId.get(id) ?? []).map(row => ({
      ...row,
      score: relevance({
        lexical: lexical.get(row.id),
        similarity: similarity.get(row.id) ?? 0,
        exactName: tokenize(row.name).join(' ') === phrase,
        downloads: row.downloads,
      }),
    }));
  }
}

/**
 * The matches whose plugin the candidate rows hold. The rows are of the same
 * snapshot as the matches, so none should be missing; one that is has no row
 * to filter, facet or order by, and is left out.
 */
function known<T extends { id: string }>(candidates: CandidateSet, matches: T[]): T[] {
  return matches.filter(m => candidates.byId.has(m.id));
}
