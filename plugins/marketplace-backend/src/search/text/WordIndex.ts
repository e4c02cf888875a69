import { similarityTo, TrigramQuery, trigramSequence } from './trigram';

/** Lists of numbers in one array: list `i` is `values[starts[i]]` to `values[starts[i + 1] - 1]`. */
interface PackedLists {
  starts: Int32Array;
  values: Int32Array;
}

function pack(lists: ArrayLike<ArrayLike<number>>): PackedLists {
  const starts = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) starts[i + 1] = starts[i] + lists[i].length;
  const values = new Int32Array(starts[lists.length]);
  for (let i = 0; i < lists.length; i++) values.set(lists[i], starts[i]);
  return { starts, values };
}

function slice(lists: PackedLists, i: number): Int32Array {
  return lists.values.subarray(lists.starts[i], lists.starts[i + 1]);
}

/**
 * The words of a list of entries (plugin names, tags, categories): the
 * distinct words sorted, each with the entries holding it and its pg_trgm
 * trigrams as numbers. Finds the words starting with a prefix by binary
 * search, the words and entries a typo may stand for by counting shared
 * trigrams, and measures an entry's word similarity to a query without
 * building strings.
 *
 * Entries are numbered by their position in the list; every list of
 * holders is ascending, so an entry's number can be its rank.
 */
export class WordIndex {
  /** Per word, shared trigrams while counting; all zero in between. */
  private readonly wordScratch: Uint16Array;

  private constructor(
    /** The distinct words, ascending by code units. */
    private readonly words: string[],
    /** Per word, the entries holding it, ascending. */
    private readonly holding: PackedLists,
    /** Per entry, its words in order, repeats kept. */
    private readonly entryWords: PackedLists,
    /** Trigram → number, for every trigram of every word. */
    private readonly trigramCodes: Map<string, number>,
    /** Per word, its trigrams in order (padded, as pg_trgm pads a word). */
    private readonly wordTrigrams: PackedLists,
    /** Per trigram, the words holding it, ascending. */
    private readonly trigramWords: PackedLists,
  ) {
    this.wordScratch = new Uint16Array(words.length);
  }

  /** Indexes the words of each entry; `entryWords[i]` are the words of entry `i`, in order. */
  static build(entryWords: ReadonlyArray<readonly string[]>): WordIndex {
    const distinct = new Set<string>();
    for (const words of entryWords) for (const word of words) distinct.add(word);
    // The default sort compares code units, as compareStrings does.
    const words = [...distinct].sort();
    const numbers = new Map<string, number>();
    words.forEach((word, w) => numbers.set(word, w));

    const holders: number[][] = words.map(() => []);
    const sequences: Int32Array[] = [];
    for (let entry = 0; entry < entryWords.length; entry++) {
      const list = entryWords[entry];
      const sequence = new Int32Array(list.length);
      for (let i = 0; i < list.length; i++) {
        const w = numbers.get(list[i])!;
        sequence[i] = w;
        const entries = holders[w];
        if (entries[entries.length - 1] !== entry) entries.push(entry);
      }
      sequences.push(sequence);
    }

    const trigramCodes = new Map<string, number>();
    const byTrigram: number[][] = [];
    const wordTrigrams = words.map((word, w) => {
      const sequence = trigramSequence(word).map(trigram => {
        let code = trigramCodes.get(trigram);
        if (code === undefined) {
          code = trigramCodes.size;
          trigramCodes.set(trigram, code);
          byTrigram.push([]);
        }
        return code;
      });
      for (const code of new Set(sequence)) byTrigram[code].push(w);
      return sequence;
    });
    return new WordIndex(words, pack(holders), pack(sequences), trigramCodes, pack(wordTrigrams), pack(byTrigram));
  }

  /** How many distinct words there are. */
  get size(): number {
    return this.words.length;
  }

  word(w: number): string {
    return this.words[w];
  }

  /** The number of a word, or -1 when no entry has it. */
  find(word: string): number {
    const w = this.lowerBound(word);
    return w < this.words.length && this.words[w] === word ? w : -1;
  }

  /** The words starting with `prefix`: numbers `from` (inclusive) to `to` (exclusive). */
  startingWith(prefix: string): { from: number; to: number } {
    const from = this.lowerBound(prefix);
    let to = from;
    let high = this.words.length;
    // The words starting with the prefix follow each other: find the first one past them.
    while (to < high) {
      const mid = (to + high) >>> 1;
      if (this.words[mid].startsWith(prefix)) to = mid + 1;
      else high = mid;
    }
    return { from, to };
  }

  /** The entries holding word `w`, ascending. */
  holders(w: number): Int32Array {
    return slice(this.holding, w);
  }

  /** A text's distinct trigrams as a query for `similarity` and `sharing`. */
  query(text: string): TrigramQuery & { codes: number[] } {
    const distinct = new Set(trigramSequence(text));
    const wanted = new Uint8Array(this.trigramCodes.size);
    const codes: number[] = [];
    for (const trigram of distinct) {
      const code = this.trigramCodes.get(trigram);
      if (code !== undefined) {
        wanted[code] = 1;
        codes.push(code);
      }
    }
    return { wanted, size: distinct.size, codes, lastPos: new Int32Array(this.trigramCodes.size).fill(-1) };
  }

  /**
   * The words holding at least `needed` of the query's trigrams, with how
   * many they hold. pg_trgm's word similarity of a query to one word can
   * only reach `s` if the word holds `s` times the query's trigrams.
   */
  sharing(query: { codes: number[] }, needed: number): Array<{ word: number; shared: number }> {
    const counts = this.wordScratch;
    const touched: number[] = [];
    for (const code of query.codes) {
      const holding = slice(this.trigramWords, code);
      for (let i = 0; i < holding.length; i++) {
        const w = holding[i];
        if (counts[w] === 0) touched.push(w);
        counts[w] += 1;
      }
    }
    const found: Array<{ word: number; shared: number }> = [];
    for (const w of touched) {
      if (counts[w] >= Math.max(1, needed)) found.push({ word: w, shared: counts[w] });
      counts[w] = 0;
    }
    return found;
  }

  /**
   * The entries whose words hold at least `needed` of the query's trigrams
   * in all: the only ones whose word similarity to the query can reach
   * `needed / query.size`.
   */
  entriesSharing(query: { codes: number[] }, needed: number, entryCount: number): number[] {
    const totals = new Uint16Array(entryCount);
    const found: number[] = [];
    for (const { word, shared } of this.sharing(query, 1)) {
      const holders = this.holders(word);
      for (let i = 0; i < holders.length; i++) {
        const entry = holders[i];
        const before = totals[entry];
        totals[entry] = before + shared;
        if (before < needed && before + shared >= needed) found.push(entry);
      }
    }
    return found;
  }

  /** pg_trgm word similarity of the query to entry `entry`'s words, joined by spaces. */
  similarity(query: TrigramQuery, entry: number): number {
    const words = slice(this.entryWords, entry);
    if (words.length === 1) return similarityTo(query, slice(this.wordTrigrams, words[0]));
    const { starts, values } = this.wordTrigrams;
    let length = 0;
    for (const w of words) length += starts[w + 1] - starts[w];
    const sequence = new Int32Array(length);
    let at = 0;
    for (const w of words) {
      sequence.set(values.subarray(starts[w], starts[w + 1]), at);
      at += starts[w + 1] - starts[w];
    }
    return similarityTo(query, sequence);
  }

  private lowerBound(value: string): number {
    let low = 0;
    let high = this.words.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.words[mid] < value) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
