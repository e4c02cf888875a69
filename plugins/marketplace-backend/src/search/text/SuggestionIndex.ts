import { Suggestion } from '../types';
import { compareStrings } from './ordering';
import { FUZZY_THRESHOLD, sharedTrigramsNeeded } from './scoring';
import { allowsTypos, KIND_ORDER, SuggestionCandidate, typoSimilarity } from './suggestions';
import { tokenize } from './textQuery';
import { wordSimilarity } from './trigram';
import { WordIndex } from './WordIndex';

/** A typo of several words: how many similar words are looked at, the most similar first. */
const MAX_TYPO_WORDS = 64;
/** A typo of several words: per similar word, how many of its entries are compared, per suggestion wanted. */
const TYPO_ENTRIES_PER_SUGGESTION = 4;

interface Entry extends SuggestionCandidate {
  /** The label's words, space-separated: what whole-label and label-start matches compare. */
  labelWords: string;
  /** The words of `text`. */
  words: string[];
}

/** Tie-breaks between suggestions that match equally well (see `rankSuggestions`). */
function compareCandidates(a: SuggestionCandidate, b: SuggestionCandidate): number {
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    b.popularity - a.popularity ||
    compareStrings(a.label, b.label) ||
    compareStrings(a.value, b.value)
  );
}

/** Whether the words of an entry, from some word on, start with the prefix's words. */
function someWordStarts(words: string[], prefixWords: string[]): boolean {
  const last = prefixWords.length - 1;
  for (let i = 0; i + last < words.length; i++) {
    let j = 0;
    while (j < last && words[i + j] === prefixWords[j]) j++;
    if (j === last && words[i + last].startsWith(prefixWords[last])) return true;
  }
  return false;
}

/**
 * Suggestions while typing, from memory: every plugin, tag and category as
 * an entry, numbered in the order that breaks ties (categories, tags,
 * plugins, then the most popular), with their labels sorted and their words
 * in a {@link WordIndex}. Gives what `rankSuggestions` gives over the same
 * candidates, looking only at the entries that can make the list: whole
 * labels, then label starts (a binary search over sorted labels), then
 * later words' starts (the posting lists of the words starting with the
 * prefix, merged in entry order), then typos: the words sharing enough
 * trigrams with the prefix, and of each the first entries, compared by
 * pg_trgm word similarity as `suggestionScore` compares them.
 */
export class SuggestionIndex {
  private constructor(
    private readonly entries: Entry[],
    /** Entry numbers by label words, ascending. */
    private readonly byLabel: Int32Array,
    private readonly words: WordIndex,
  ) {}

  /** Indexes the candidates; of several with the same kind and value the best placed is kept. */
  static build(candidates: SuggestionCandidate[]): SuggestionIndex {
    const seen = new Set<string>();
    const entries: Entry[] = [];
    for (const candidate of [...candidates].sort(compareCandidates)) {
      const key = `${candidate.kind}:${candidate.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push({
        ...candidate,
        labelWords: tokenize(candidate.label).join(' '),
        words: tokenize(candidate.text),
      });
    }
    // By label words, then entry number: as strings that end in the number, with a separator
    // below any character of a label, so that the default sort (by code units) does it.
    const keys = entries.map((entry, i) => `${entry.labelWords}\u0000${String(i).padStart(10, '0')}`).sort();
    const byLabel = Int32Array.from(keys, key => Number(key.slice(-10)));
    return new SuggestionIndex(entries, byLabel, WordIndex.build(entries.map(e => e.words)));
  }

  /** How many entries it holds. */
  get size(): number {
    return this.entries.length;
  }

  /** The best `limit` suggestions for a normalized prefix (see `normalizePrefix`). */
  suggest(prefix: string, limit: number): Suggestion[] {
    if (!prefix || limit <= 0) return [];
    const { whole, starts } = this.labelStarts(prefix, limit);
    // Whole labels first, then label starts; each tier in entry order.
    const chosen = [...whole, ...starts].slice(0, limit);
    if (chosen.length < limit) chosen.push(...this.laterWordStarts(prefix, limit - chosen.length));
    if (chosen.length < limit) chosen.push(...this.typos(prefix, limit - chosen.length));
    return chosen.map(e => {
      const { kind, label, value } = this.entries[e];
      return { kind, label, value };
    });
  }

  /**
   * The first `limit` entries whose label is the prefix, and those whose
   * label starts with it, in entry order. Labels starting alike are
   * contiguous in `byLabel`.
   */
  private labelStarts(prefix: string, limit: number): { whole: number[]; starts: number[] } {
    const { entries, byLabel } = this;
    let low = 0;
    let high = byLabel.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (entries[byLabel[mid]].labelWords < prefix) low = mid + 1;
      else high = mid;
    }
    const whole: number[] = [];
    const starts: number[] = [];
    for (let i = low; i < byLabel.length; i++) {
      const entry = byLabel[i];
      const { labelWords } = entries[entry];
      if (!labelWords.startsWith(prefix)) break;
      keepSmallest(labelWords === prefix ? whole : starts, entry, limit);
    }
    return { whole, starts };
  }

  /** The first `limit` entries, in entry order, whose label does not but a later word does start with the prefix. */
  private laterWordStarts(prefix: string, limit: number): number[] {
    const prefixWords = prefix.split(' ');
    const lists: Int32Array[] = [];
    if (prefixWords.length === 1) {
      const { from, to } = this.words.startingWith(prefix);
      for (let w = from; w < to; w++) lists.push(this.words.holders(w));
    } else {
      const w = this.words.find(prefixWords[0]);
      if (w >= 0) lists.push(this.words.holders(w));
    }
    const found: number[] = [];
    mergeAscending(lists, entry => {
      const { labelWords, words } = this.entries[entry];
      if (!labelWords.startsWith(prefix) && someWordStarts(words, prefixWords)) found.push(entry);
      return found.length < limit;
    });
    return found;
  }

  /**
   * The best `limit` typo matches: entries matching the prefix no other way
   * whose typo similarity reaches the threshold, the most similar first,
   * then in entry order.
   */
  private typos(prefix: string, limit: number): number[] {
    if (!allowsTypos(prefix)) return [];
    const prefixWords = prefix.split(' ');
    const matchesOtherwise = (entry: number) => {
      const { labelWords, words } = this.entries[entry];
      return labelWords.startsWith(prefix) || someWordStarts(words, prefixWords);
    };
    // Only a word holding half of the trigrams of a word of the prefix can be similar
    // enough to it (see WordIndex.sharing).
    const similarWords = new Map<number, number>();
    for (const word of prefixWords) {
      const query = this.words.query(word);
      for (const { word: w } of this.words.sharing(query, sharedTrigramsNeeded(query.size))) {
        if (!similarWords.has(w)) similarWords.set(w, wordSimilarity(prefix, this.words.word(w)));
      }
    }
    return prefixWords.length === 1
      ? this.wordTypos(similarWords, limit, matchesOtherwise)
      : this.runTypos(prefix, similarWords, limit, matchesOtherwise);
  }

  /**
   * Typos of one word: an entry is as similar as its most similar word, so
   * the words, most similar first, hand out their entries in entry order,
   * each entry once, to the first word that has it. Exact.
   */
  private wordTypos(similarWords: Map<number, number>, limit: number, skip: (entry: number) => boolean): number[] {
    const bySimilarity = new Map<number, number[]>();
    for (const [w, similarity] of similarWords) {
      if (similarity < FUZZY_THRESHOLD) continue;
      const words = bySimilarity.get(similarity);
      if (words) words.push(w);
      else bySimilarity.set(similarity, [w]);
    }
    const found: number[] = [];
    const taken = new Set<number>();
    for (const similarity of [...bySimilarity.keys()].sort((a, b) => b - a)) {
      const lists = bySimilarity.get(similarity)!.map(w => this.words.holders(w));
      mergeAscending(lists, entry => {
        if (!taken.has(entry)) {
          taken.add(entry);
          if (!skip(entry)) found.push(entry);
        }
        return found.length < limit;
      });
      if (found.length >= limit) break;
    }
    return found;
  }

  /**
   * Typos of several words: the first entries of each word similar to a
   * word of the prefix, compared run by run. Bounded, so an entry far down
   * the lists of common words may be missed.
   */
  private runTypos(
    prefix: string,
    similarWords: Map<number, number>,
    limit: number,
    skip: (entry: number) => boolean,
  ): number[] {
    const closest = [...similarWords].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_TYPO_WORDS);
    const similarity = new Map<number, number>();
    const perWord = limit * TYPO_ENTRIES_PER_SUGGESTION;
    for (const [w] of closest) {
      const holders = this.words.holders(w);
      let compared = 0;
      for (let i = 0; i < holders.length && compared < perWord; i++) {
        const entry = holders[i];
        if (similarity.has(entry) || skip(entry)) continue;
        compared += 1;
        similarity.set(entry, typoSimilarity(prefix, this.entries[entry].words));
      }
    }
    return [...similarity]
      .filter(([, value]) => value >= FUZZY_THRESHOLD)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([entry]) => entry);
  }
}

/** Adds `value` to ascending `smallest` if it is among the `limit` smallest seen. */
function keepSmallest(smallest: number[], value: number, limit: number) {
  if (smallest.length >= limit && value >= smallest[smallest.length - 1]) return;
  let at = smallest.length;
  while (at > 0 && smallest[at - 1] > value) at--;
  smallest.splice(at, 0, value);
  if (smallest.length > limit) smallest.pop();
}

/**
 * Visits the numbers of ascending lists in ascending order, each once,
 * until `visit` returns false: a k-way merge over a binary heap.
 */
export function mergeAscending(lists: Int32Array[], visit: (value: number) => boolean) {
  const heap: Array<{ list: Int32Array; at: number }> = lists
    .filter(list => list.length > 0)
    .map(list => ({ list, at: 0 }));
  const head = (i: number) => heap[i].list[heap[i].at];
  const down = (start: number) => {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && head(left) < head(smallest)) smallest = left;
      if (right < heap.length && head(right) < head(smallest)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
      i = smallest;
    }
  };
  for (let i = (heap.length >>> 1) - 1; i >= 0; i--) down(i);
  let last = -1;
  while (heap.length > 0) {
    const value = head(0);
    const top = heap[0];
    top.at += 1;
    if (top.at === top.list.length) {
      heap[0] = heap[heap.length - 1];
      heap.pop();
    }
    if (heap.length > 0) down(0);
    if (value !== last) {
      last = value;
      if (!visit(value)) return;
    }
  }
}
