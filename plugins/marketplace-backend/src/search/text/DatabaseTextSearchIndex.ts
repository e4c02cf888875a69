import { DatabaseService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import { RankedIds, SearchFilters, SearchQuery, SearchResult, Suggestion } from '../types';
import { CandidateCache, derivedFrom } from './CandidateCache';
import { CandidateColumns } from './CandidateColumns';
import { loadHits } from './candidates';
import { PostgresTextSearchDialect } from './dialects/PostgresTextSearchDialect';
import { SqliteTextSearchDialect } from './dialects/SqliteTextSearchDialect';
import { TextSearchDialect } from './dialects/TextSearchDialect';
import { computeFacets } from './facets';
import { filterMask, validateFilters } from './filters';
import { matchText, TextMatches } from './matches';
import { decodeCursor, encodeCursor, queryFingerprint, SEARCH_SORTS } from './ordering';
import { Matching, selectPage } from './pages';
import { normalizePrefix, suggestionCandidates } from './suggestions';
import { SuggestionIndex } from './SuggestionIndex';
import { FilteredPlugins, TextSearchIndex } from './TextSearchIndex';
import { parseSearchText } from './textQuery';

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
 * tsvector, or SQLite's FTS5 (see the `search_text` migration), find and
 * rank the words of a text. Everything else runs in memory over every
 * plugin's candidate row (CandidateCache, as CandidateColumns): typos of
 * names (`similarNames`), filters, facets, order, cursors and suggestions
 * (SuggestionIndex). That code is shared, so both databases give the same
 * results, and it is rebuilt whenever the search generation says another
 * process (or this one) changed a plugin or an installation.
 *
 * Reads tables that the registry store's migrations create: create it after
 * `DatabaseRegistryStore`.
 *
 * @public
 */
export class DatabaseTextSearchIndex implements TextSearchIndex {
  private readonly cache = new CandidateCache();
  private readonly columns = derivedFrom(set => CandidateColumns.build(set.rows));
  private readonly suggestionIndex = derivedFrom(set =>
    SuggestionIndex.build(suggestionCandidates(set.rows)),
  );

  private constructor(
    private readonly db: Knex,
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
      db,
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
    const fingerprint = queryFingerprint([text?.words, filters, sort]);
    // Checked before any database work: a bad cursor is the caller's mistake.
    const after = cursor === undefined ? undefined : decodeCursor(fingerprint, cursor);
    const now = this.now();

    return this.dialect.snapshot(async tx => {
      const columns = await this.columnsOf(tx);
      const matches = text
        ? await matchText({ dialect: this.dialect, tx, columns, text, match: 'enough' })
        : undefined;
      const { matching, failingOne } = applyFilters(columns, filters, now, matches);
      const page = selectPage({ columns, sort, matching, after, limit });
      const last = page.rows[page.rows.length - 1];
      return {
        items: await loadHits(tx, page.rows),
        totalCount: matching.rows.length,
        facets: computeFacets({
          columns,
          passing: matching.rows,
          failingOne,
          filters,
          now,
          backstageVersion: this.backstageVersion,
        }),
        nextCursor: page.more ? encodeCursor(sort, fingerprint, last) : undefined,
      };
    });
  }

  async filtered(filters: SearchFilters): Promise<FilteredPlugins> {
    const valid = validateFilters(filters);
    const now = this.now();
    return this.dialect.snapshot(async tx => {
      const columns = await this.columnsOf(tx);
      const { matching, failingOne } = applyFilters(columns, valid, now);
      const everyPlugin = matching.rows.length === columns.size;
      const ids: string[] = [];
      for (let i = 0; !everyPlugin && i < matching.rows.length; i++) ids.push(columns.ids[matching.rows[i]]);
      return {
        ids: everyPlugin ? undefined : ids,
        facets: computeFacets({
          columns,
          passing: matching.rows,
          failingOne,
          filters: valid,
          now,
          backstageVersion: this.backstageVersion,
        }),
      };
    });
  }

  // Unlike search, ranks every plugin holding any of the words: hybrid ranking gains from partial matches.
  async rankText(text: string, limit: number, filters?: SearchFilters, among?: string[]): Promise<RankedIds> {
    checkLimit('limit', limit, MAX_RANKED_IDS);
    if (typeof text !== 'string') throw new InputError('text must be a string');
    if (among !== undefined && (!Array.isArray(among) || among.length > MAX_RANKED_IDS)) {
      throw new InputError(`among must be a list of at most ${MAX_RANKED_IDS} ids`);
    }
    const valid = validateFilters(filters);
    const parsed = parseSearchText(text);
    if (!parsed) return [];
    const now = this.now();
    return this.dialect.snapshot(async tx => {
      const columns = await this.columnsOf(tx);
      const rows = among?.flatMap(id => columns.rowOf.get(id) ?? []);
      const matches = await matchText({ dialect: this.dialect, tx, columns, text: parsed, match: 'any', among: rows });
      const { matching } = applyFilters(columns, valid, now, matches);
      return selectPage({ columns, sort: 'relevance', matching, limit }).rows.map(row => ({
        id: row.id,
        score: row.score,
      }));
    });
  }

  async autocomplete(prefix: string, limit: number = 8): Promise<Suggestion[]> {
    checkLimit('limit', limit, MAX_SUGGESTIONS);
    if (typeof prefix !== 'string') throw new InputError('prefix must be a string');
    const normalized = normalizePrefix(prefix);
    if (!normalized) return [];
    // Suggestions need only the latest rows, not one snapshot with anything else.
    const rows = await this.cache.latest(this.db, load => this.dialect.snapshot(load));
    return this.suggestionIndex(rows).suggest(normalized, limit);
  }

  /** The columns of the rows of the snapshot `tx` reads. */
  private async columnsOf(tx: Knex): Promise<CandidateColumns> {
    return this.columns(await this.cache.get(tx));
  }
}

/**
 * The filters over the candidates (every row, or those a text matches):
 * those passing them all, and those failing exactly one (see
 * `computeFacets`).
 */
function applyFilters(
  columns: CandidateColumns,
  filters: SearchFilters,
  now: Date,
  matches?: TextMatches,
): { matching: Matching; failingOne: Map<number, number[]> } {
  const failingOne = new Map<number, number[]>();
  if (Object.keys(filters).length === 0) {
    return { matching: matches ?? { rows: columns.allRows }, failingOne };
  }
  const failingOf = filterMask(columns, filters, now);
  const count = matches ? matches.rows.length : columns.size;
  const rows = new Int32Array(count);
  const scores = matches ? new Float64Array(count) : undefined;
  let passing = 0;
  for (let i = 0; i < count; i++) {
    const row = matches ? matches.rows[i] : i;
    const mask = failingOf(row);
    if (mask === 0) {
      rows[passing] = row;
      if (scores) scores[passing] = matches!.scores[i];
      passing += 1;
    } else if ((mask & (mask - 1)) === 0) {
      const others = failingOne.get(mask);
      if (others) others.push(row);
      else failingOne.set(mask, [row]);
    }
  }
  return {
    matching: { rows: rows.subarray(0, passing), scores: scores?.subarray(0, passing) },
    failingOne,
  };
}
