import { Knex } from 'knex';
import { fts5AnyTerm, fts5Literal } from '../textQuery';
import { innerTrigrams } from '../trigram';
import {
  escapeLike,
  LexicalHit,
  MAX_NAME_SUGGESTIONS,
  NameCandidate,
  NameSuggestion,
  TagCount,
  TermField,
  TextSearchDialect,
} from './TextSearchDialect';

// bm25 weights of plugin_search_fts' columns: name, id_words, tags, category, description, readme.
const BM25 = 'bm25(plugin_search_fts, 10.0, 10.0, 5.0, 5.0, 2.0, 1.0)';

const NAME_COLUMNS = ['name', 'id_words'];
const TAG_COLUMNS = ['tags', 'category'];
const DESCRIPTION_COLUMNS = ['description'];

/**
 * SQLite: the FTS5 table `plugin_search_fts` (porter stemming, bm25 with
 * column weights) for words, the FTS5 trigram table `plugin_search_trigram`
 * for names sharing trigrams with a typo. MATCH expressions are built from
 * quoted words only, and travel as bound parameters.
 */
export class SqliteTextSearchDialect implements TextSearchDialect {
  constructor(private readonly db: Knex) {}

  snapshot<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async lexical(tx: Knex, terms: string[], holding: 'any' | 'all'): Promise<LexicalHit[]> {
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
       WHERE plugin_search_fts MATCH ?${holding === 'all' ? ` AND ${inMatch}` : ''}`,
      [
        ...terms.flatMap(term => [
          fts5AnyTerm([term], NAME_COLUMNS),
          fts5AnyTerm([term], TAG_COLUMNS),
          fts5AnyTerm([term], DESCRIPTION_COLUMNS),
          fts5AnyTerm([term]),
        ]),
        // bm25 ranks against the MATCH of the outer query: any term, whichever plugins are kept.
        fts5AnyTerm(terms),
        ...(holding === 'all' ? [terms.map(fts5Literal).join(' AND ')] : []),
      ],
    );
    return rows.map((r: any) => ({
      id: r.id,
      rank: Number(r.rank),
      fields: terms.map((_, i) => Number(r[`t${i}`]) as TermField),
    }));
  }

  async similarNames(tx: Knex, text: string): Promise<NameCandidate[]> {
    const trigrams = innerTrigrams(text);
    if (trigrams.length === 0) return [];
    const rows = await tx.raw(
      `SELECT s.plugin_id AS id, s.name_text
       FROM plugin_search_trigram
       JOIN plugin_search s ON s.doc_id = plugin_search_trigram.rowid
       WHERE plugin_search_trigram MATCH ?`,
      [trigrams.map(fts5Literal).join(' OR ')],
    );
    return rows.map(toNameCandidate);
  }

  async nameSuggestions(tx: Knex, prefix: string, fuzzy: boolean): Promise<NameSuggestion[]> {
    const starts = `${escapeLike(prefix)}%`;
    const contains = `%${escapeLike(prefix)}%`;
    const order = `s.name_text LIKE ? ESCAPE '\\' DESC, s.name_text LIKE ? ESCAPE '\\' DESC`;
    const columns = 'p.id, p.name, s.name_text, p.downloads_monthly';
    // A name holding a prefix of three or more characters shares its trigrams;
    // bm25 over trigrams puts the names sharing the most, and the rarest, first.
    const rows = fuzzy
      ? await tx.raw(
          `SELECT ${columns}
           FROM plugin_search_trigram
           JOIN plugin_search s ON s.doc_id = plugin_search_trigram.rowid
           JOIN plugins p ON p.id = s.plugin_id
           WHERE plugin_search_trigram MATCH ?
           ORDER BY ${order}, bm25(plugin_search_trigram), p.downloads_monthly DESC, p.id
           LIMIT ${MAX_NAME_SUGGESTIONS}`,
          [innerTrigrams(prefix).map(fts5Literal).join(' OR '), starts, contains],
        )
      : await tx.raw(
          `SELECT ${columns}
           FROM plugin_search s JOIN plugins p ON p.id = s.plugin_id
           WHERE s.name_text LIKE ? ESCAPE '\\'
           ORDER BY ${order}, p.downloads_monthly DESC, p.id
           LIMIT ${MAX_NAME_SUGGESTIONS}`,
          [contains, starts, contains],
        );
    return rows.map((row: any) => ({
      id: row.id,
      name: row.name,
      nameText: row.name_text,
      downloads: Number(row.downloads_monthly),
    }));
  }

  async tagSuggestions(tx: Knex, prefix: string, fuzzy: boolean): Promise<TagCount[]> {
    // Distinct tags are few: similarity is checked on all of them.
    const query = tx('plugin_tags').select('tag').count({ count: '*' }).groupBy('tag');
    if (!fuzzy) query.whereRaw(`tag LIKE ? ESCAPE '\\'`, [`%${escapeLike(prefix)}%`]);
    const rows = await query;
    return rows.map((r: any) => ({ tag: r.tag, count: Number(r.count) }));
  }
}

function toNameCandidate(row: any): NameCandidate {
  return { id: row.id, nameText: row.name_text };
}
