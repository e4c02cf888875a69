import { SearchSort } from '../types';
import { CandidateRow } from './filters';
import { compareStrings } from './ordering';
import { pluginNameText } from './suggestions';
import { tokenize } from './textQuery';
import { trigramWords } from './trigram';
import { WordIndex } from './WordIndex';

/** The distinct strings of a column, numbered in order of appearance. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly numbers = new Map<string, number>();

  /** The number of a value, added if new. */
  add(value: string): number {
    let number = this.numbers.get(value);
    if (number === undefined) {
      number = this.values.length;
      this.values.push(value);
      this.numbers.set(value, number);
    }
    return number;
  }

  /** The number of a value, or undefined when no row has it. */
  find(value: string): number | undefined {
    return this.numbers.get(value);
  }

  get size(): number {
    return this.values.length;
  }
}

/** A column of lists (tags, roles): row `i` has `values[starts[i]]` to `values[starts[i + 1] - 1]`, distinct. */
export interface ListColumn {
  dictionary: Dictionary;
  starts: Int32Array;
  values: Int32Array;
}

const NONE: ReadonlySet<number> = new Set();

/** Rows in the order of a sort with no text, and each row's place in it. */
export interface RowOrder {
  rows: Int32Array;
  position: Int32Array;
}

/** The sorts that order rows without a score; relevance without text is popularity. */
export type FixedSort = Exclude<SearchSort, 'relevance'>;

/** Builds a ListColumn row by row: each row's values once. */
class ListBuilder {
  private readonly dictionary = new Dictionary();
  private readonly starts: Int32Array;
  private values: number[] = [];

  constructor(size: number) {
    this.starts = new Int32Array(size + 1);
  }

  add(row: number, values: string[]) {
    for (let k = 0; k < values.length; k++) {
      const number = this.dictionary.add(values[k]);
      // Lists are short: a repeat is found by looking back.
      let repeated = false;
      for (let j = this.starts[row]; j < this.values.length; j++) repeated ||= this.values[j] === number;
      if (!repeated) this.values.push(number);
    }
    this.starts[row + 1] = this.values.length;
  }

  build(): ListColumn {
    return { dictionary: this.dictionary, starts: this.starts, values: Int32Array.from(this.values) };
  }
}

/**
 * Every plugin's candidate row as columns: numbers for strings that repeat
 * (category, author, license, source, Backstage range, tags, roles) and
 * typed arrays for the rest, so that filters, facets and order run over
 * 100k plugins in a few milliseconds and without an object per plugin.
 * Rows are numbered as in `rows`. Built once per candidate set, with the
 * order of each sort and the index of names for typos built on first use.
 */
export class CandidateColumns {
  readonly size: number;
  readonly ids: string[];
  /** Row number of each plugin id. */
  readonly rowOf: Map<string, number>;
  readonly categories = new Dictionary();
  readonly category: Int32Array;
  readonly authors = new Dictionary();
  readonly author: Int32Array;
  /** -1: no license. */
  readonly licenses = new Dictionary();
  readonly license: Int32Array;
  readonly sources = new Dictionary();
  readonly source: Int32Array;
  /** The Backstage range; -1: none declared. */
  readonly versions = new Dictionary();
  readonly version: Int32Array;
  readonly tags: ListColumn;
  readonly roles: ListColumn;
  readonly downloads: Float64Array;
  readonly quality: Float64Array;
  /** The distinct release dates, ascending as strings (ISO dates sort as time). */
  readonly releaseDates: string[];
  /** Position of the row's release date in `releaseDates`; -1: unknown. */
  readonly released: Int32Array;
  readonly installed: Uint8Array;
  /** Every row number, ascending. */
  readonly allRows: Int32Array;

  private readonly orders = new Map<FixedSort, RowOrder>();
  private nameIndex: WordIndex | undefined;
  /** Rows by their name's words; built on first use. */
  private rowsByName: Map<string, Set<number>> | undefined;

  private constructor(readonly rows: CandidateRow[]) {
    const size = rows.length;
    this.size = size;
    // Filled by push: `new Array(100000)` would hold its elements in a slow dictionary.
    this.ids = [];
    this.rowOf = new Map();
    this.category = new Int32Array(size);
    this.author = new Int32Array(size);
    this.license = new Int32Array(size);
    this.source = new Int32Array(size);
    this.version = new Int32Array(size);
    this.downloads = new Float64Array(size);
    this.quality = new Float64Array(size);
    this.installed = new Uint8Array(size);
    this.allRows = new Int32Array(size);
    const tags = new ListBuilder(size);
    const roles = new ListBuilder(size);
    const optional = (dictionary: Dictionary, value: string | undefined) =>
      value === undefined ? -1 : dictionary.add(value);
    const dates = new Set<string>();
    // One pass, plain loops: at 100k plugins this runs on every change of the search generation.
    for (let i = 0; i < size; i++) {
      const row = rows[i];
      this.ids.push(row.id);
      this.rowOf.set(row.id, i);
      this.category[i] = this.categories.add(row.category);
      this.author[i] = this.authors.add(row.author);
      this.license[i] = optional(this.licenses, row.license);
      this.source[i] = this.sources.add(row.source);
      this.version[i] = optional(this.versions, row.backstageVersion);
      tags.add(i, row.tags);
      roles.add(i, row.roles);
      this.downloads[i] = row.downloads;
      this.quality[i] = row.quality;
      this.installed[i] = row.installed ? 1 : 0;
      this.allRows[i] = i;
      if (row.publishedAt !== undefined) dates.add(row.publishedAt);
    }
    this.tags = tags.build();
    this.roles = roles.build();
    // The default sort compares code units, as compareStrings does.
    this.releaseDates = [...dates].sort();
    const dateNumbers = new Map<string, number>();
    this.releaseDates.forEach((date, i) => dateNumbers.set(date, i));
    this.released = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const date = rows[i].publishedAt;
      this.released[i] = date === undefined ? -1 : dateNumbers.get(date)!;
    }
  }

  static build(rows: CandidateRow[]): CandidateColumns {
    return new CandidateColumns(rows);
  }

  /** The first position in `releaseDates` of a date at or after `date`. */
  releasedFrom(date: string): number {
    let low = 0;
    let high = this.releaseDates.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.releaseDates[mid] < date) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Every row in the order of `sort`, ties by id (see `sortKey`). */
  order(sort: FixedSort): RowOrder {
    let order = this.orders.get(sort);
    if (!order) {
      const rows = Int32Array.from(this.ids.keys()).sort(this.comparator(sort));
      const position = new Int32Array(this.size);
      rows.forEach((row, i) => {
        position[row] = i;
      });
      order = { rows, position };
      this.orders.set(sort, order);
    }
    return order;
  }

  /** The rows whose name, as words (see `tokenize`) joined by spaces, is `words`. */
  rowsNamed(words: string): ReadonlySet<number> {
    if (!this.rowsByName) {
      this.rowsByName = new Map();
      for (let i = 0; i < this.size; i++) {
        const name = tokenize(this.rows[i].name).join(' ');
        const rows = this.rowsByName.get(name);
        if (rows) rows.add(i);
        else this.rowsByName.set(name, new Set([i]));
      }
    }
    return this.rowsByName.get(words) ?? NONE;
  }

  /**
   * Every plugin's name and id words (`pluginNameText`) as pg_trgm splits
   * them, entry `i` being row `i`: where typos of names are looked for.
   */
  get names(): WordIndex {
    if (!this.nameIndex) {
      this.nameIndex = WordIndex.build(this.rows.map(r => trigramWords(pluginNameText(r.name, r.id))));
    }
    return this.nameIndex;
  }

  private comparator(sort: FixedSort): (a: number, b: number) => number {
    const { ids, downloads, quality, released } = this;
    const byId = (a: number, b: number) => compareStrings(ids[a], ids[b]);
    switch (sort) {
      case 'popularity':
        return (a, b) => downloads[b] - downloads[a] || byId(a, b);
      case 'quality':
        return (a, b) => quality[b] - quality[a] || downloads[b] - downloads[a] || byId(a, b);
      case 'updated':
        // Newest first, unknown dates (-1) last.
        return (a, b) => released[b] - released[a] || byId(a, b);
      case 'name': {
        const names = this.rows.map(r => r.name.toLowerCase());
        return (a, b) => compareStrings(names[a], names[b]) || byId(a, b);
      }
      default:
        throw new Error(`No fixed order for ${sort}`);
    }
  }
}
