import { STOP_WORDS } from './stopwords';

/** Characters of search text considered; the rest is ignored. */
export const MAX_TEXT_LENGTH = 200;
/** Words of search text matched; the rest are ignored. */
export const MAX_TERMS = 12;
/** Characters compared for typo tolerance; a typo in a long query matters little. */
export const MAX_FUZZY_LENGTH = 64;

/**
 * Search text reduced to what the databases match: words of letters and
 * digits only, so that no character of the input ever reaches a query
 * language (tsquery, FTS5 MATCH) as syntax.
 */
export interface ParsedText {
  /** The words of the text, lower-cased, in order. */
  words: string[];
  /** The words matched against the full-text index: distinct, no stop words. */
  terms: string[];
  /** The text compared with names by trigram similarity. */
  fuzzy: string;
}

/** A character beyond ASCII. */
export const NOT_ASCII = /[\u0080-\uffff]/;
/** Words of lower-cased ASCII text: what `[\p{L}\p{N}]+` matches in it. */
export const ASCII_WORD = /[a-z0-9]+/g;

/** Words of a text as the tokenizers of both databases split them. */
export function tokenize(text: string): string[] {
  // ASCII needs no normalization, and its letters and digits are these: several times faster.
  if (!NOT_ASCII.test(text)) return text.toLowerCase().match(ASCII_WORD) ?? [];
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Parses search text; `undefined` when it holds nothing to search for
 * (empty, only punctuation or symbols).
 */
export function parseSearchText(text: string | undefined): ParsedText | undefined {
  if (!text) return undefined;
  const words = tokenize(text.slice(0, MAX_TEXT_LENGTH)).slice(0, MAX_TERMS);
  if (words.length === 0) return undefined;
  const terms = [...new Set(words.filter(w => !STOP_WORDS.has(w)))];
  return {
    words,
    terms,
    fuzzy: words.join(' ').slice(0, MAX_FUZZY_LENGTH),
  };
}

/** An FTS5 string literal: matched as a phrase, never read as syntax. */
export function fts5Literal(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** An FTS5 query for rows holding any of the terms, optionally in some columns only. */
export function fts5AnyTerm(terms: string[], columns?: string[]): string {
  const any = terms.map(fts5Literal).join(' OR ');
  return columns ? `{${columns.join(' ')}} : (${any})` : any;
}
