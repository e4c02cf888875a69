import { Knex } from 'knex';
import { fts5AnyTerm, fts5Literal } from '../textQuery';
import { LexicalHits, lexicalHits, termSubsets, TextSearchDialect } from './TextSearchDialect';

// bm25 weights of plugin_search_fts' columns: name, id_words, tags, category, description, readme.
const BM25 = 'bm25(plugin_search_fts, 10.0, 10.0, 5.0, 5.0, 2.0, 1.0)';

const NAME_COLUMNS = ['name', 'id_words'];
const TAG_COLUMNS = ['tags', 'category'];
const DESCRIPTION_COLUMNS = ['description'];

/**
 * SQLite: the FTS5 table `plugin_search_fts` (porter stemming, bm25 with
 * column weights) for words. MATCH expressions are built from quoted words
 * only, and travel as bound parameters. (Typos are found in memory, see
 * `similarNames`.)
 */
export class SqliteTextSearchDialect implements TextSearchDialect {
  constructor(private readonly db: Knex) {}

  snapshot<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async lexical(tx: Knex, terms: string[], holding: number, among?: string[]): Promise<LexicalHits> {
    const inMatch = `plugin_search_fts.rowid IN (
      SELECT rowid FROM plugin_search_fts WHERE plugin_search_fts MATCH ?)`;
    const fields = terms
      .map(
        (_, i) => `CASE WHEN ${inMatch} THEN 1 WHEN ${inMatch} THEN 2
          WHEN ${inMatch} THEN 3 WHEN ${inMatch} THEN 4 ELSE 0 END AS t${i}`,
      )
      .join(',\n');
    const rows = await tx.raw(
      `SELECT s.plugin_id AS id, -${BM25} AS rank, ${fields}
       FROM plugin_search_fts
       JOIN plugin_search s ON s.doc_id = plugin_search_fts.rowid
       WHERE plugin_search_fts MATCH ?${holding > 1 ? ` AND ${inMatch}` : ''}${
         among ? ` AND s.plugin_id IN (${among.map(() => '?').join(', ') || 'NULL'})` : ''
       }`,
      [
        ...terms.flatMap(term => [
          fts5AnyTerm([term], NAME_COLUMNS),
          fts5AnyTerm([term], TAG_COLUMNS),
          fts5AnyTerm([term], DESCRIPTION_COLUMNS),
          fts5AnyTerm([term]),
        ]),
        // bm25 ranks against the MATCH of the outer query: any term, whichever plugins are kept.
        fts5AnyTerm(terms),
        ...(holding > 1
          ? [
              termSubsets(terms.length, holding)
                .map(subset => `(${subset.map(i => fts5Literal(terms[i])).join(' AND ')})`)
                .join(' OR '),
            ]
          : []),
        ...(among ?? []),
      ],
    );
    return lexicalHits(rows, terms.length);
  }
}
