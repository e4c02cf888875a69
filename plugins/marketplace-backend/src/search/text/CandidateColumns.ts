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

/** Rows in the order of a sort with no text, and each row's place in it. */
export interface RowOrder {
  rows: Int32Array;
  position: Int32Array;
}

/** The sorts that order rows without a score; relevance without text is popularity. */
export type FixedSort = Exclude<SearchSort, 'relevance'>;

function listColumn(rows: CandidateRow[], get: (row: CandidateRow) => string[]): ListColumn {
  const dictionary = new Dictionary();
  const starts = new Int32Array(rows.length + 1);
  const values: number[] = [];
  rows.forEach((row, i) => {
    for (const value of new Set(get(row))) values.push(dictionary.add(value));
    starts[i + 1] = values.length;
  });
  return { dictionary, starts, values: Int32Array.from(values) };
}

function codes(rows: CandidateRow[], dictionary: Dictionary, get: (row: CandidateRow) => string | undefined) {
  return Int32Array.from(rows, row => {
    const value = get(row);
    return value === undefined ? -1 : dictionary.add(value);
  });
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
  private readonly normalizedNames: Array<string | undefined>;

  private constructor(readonly rows: CandidateRow[]) {
    this.size = rows.length;
    this.ids = rows.map(r => r.id);
    this.rowOf = new Map(this.ids.map((id, i) => [id, i]));
    this.category = codes(rows, this.categories, r => r.category);
    this.author = codes(rows, this.authors, r => r.author);
    this.license = codes(rows, this.licenses, r => r.license);
    this.source = codes(rows, this.sources, r => r.source);
    this.version = codes(rows, this.versions, r => r.backstageVersion);
    this.tags = listColumn(rows, r => r.tags);
    this.roles = listColumn(rows, r => r.roles);
    this.downloads = Float64Array.from(rows, r => r.downloads);
    this.quality = Float64Array.from(rows, r => r.quality);
    this.releaseDates = [...new Set(rows.flatMap(r => (r.publishedAt === undefined ? [] : [r.publishedAt])))].sort(
      compareStrings,
    );
    const dateNumbers = new Map(this.releaseDates.map((date, i) => [date, i]));
    this.released = Int32Array.from(rows, r => (r.publishedAt === undefined ? -1 : dateNumbers.get(r.publishedAt)!));
    this.installed = Uint8Array.from(rows, r => (r.installed ? 1 : 0));
    this.normalizedNames = new Array(rows.length);
    this.allRows = Int32Array.from(this.ids.keys());
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

  /** The words of a row's name, space-separated, as search text is compared with it. */
  nameWords(row: number): string {
    let words = this.normalizedNames[row];
    if (words === undefined) {
      words = tokenize(this.rows[row].name).join(' ');
      this.normalizedNames[row] = words;
    }
    return words;
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
