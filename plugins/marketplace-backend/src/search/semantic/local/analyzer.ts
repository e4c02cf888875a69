import { CONCEPTS } from './lexicon';

/**
 * What a text says, as weighted features: concepts of the lexicon (by their
 * index in `CONCEPTS`) and hashed surface features (`w:` stemmed words, `b:`
 * pairs of neighbouring words, `g:` character trigrams). Weights add up over
 * repeated mentions.
 *
 * @public
 */
export interface AnalyzedText {
  concepts: Map<number, number>;
  terms: Map<string, number>;
}

/** A concept mention counts more than a word: it is what the text is about. */
const CONCEPT_WEIGHT = 1.5;
const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.5;
/** L2 weight of all the trigrams of one word together: enough to link `deploy` and `deployer`, not to outvote words. */
const TRIGRAM_WEIGHT = 0.5;

// Function words, and the words every listing repeats ("A Backstage backend plugin that helps…").
const STOPWORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have how i if in into ' +
    'is it its just let lets me more most my no not of on one or our out over own per same should so some such ' +
    'than that the their them then there these they this those through to too up us very via was we were what ' +
    'when where which while who whom why will with within would you your yours all any each every other others ' +
    'also about like get gets see show shows view display many much using use used new make makes way ' +
    'backstage plugin plugins backend frontend module modules common node react library package packages ' +
    'functionality functionalities provides provide help helps integrate integrates integration towards ' +
    'based set lets sibling shared between additional implementation'
  ).split(' '),
);

/**
 * Lowercase words of a text; anything but letters and digits separates them.
 *
 * @public
 */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\bq\s*&\s*a\b/g, ' question answer ')
    .split(/[^a-z0-9]+/)
    .filter(word => word.length > 0);
}

/**
 * A light English stemmer: plurals and -ing/-ed endings. It only has to map
 * inflections of one word together, the same way for queries, documents and
 * the lexicon; it need not produce real words.
 *
 * @public
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(?:sses|xes|ches|shes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is|ews)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  return w;
}

function undouble(w: string): string {
  return /([^aeioulsz])\1$/.test(w) ? w.slice(0, -1) : w;
}

interface IndexedTerm {
  parts: string[];
  /** Every concept that lists the term: `ecr` is both AWS and an artifact registry. */
  concepts: number[];
}

const TERM_INDEX: Map<string, IndexedTerm[]> = buildTermIndex();

function buildTermIndex(): Map<string, IndexedTerm[]> {
  const byPhrase = new Map<string, IndexedTerm>();
  CONCEPTS.forEach((concept, conceptIndex) => {
    for (const term of concept.terms) {
      const parts = tokenize(term).map(stem);
      if (parts.length === 0) continue;
      const key = parts.join(' ');
      const entry = byPhrase.get(key) ?? { parts, concepts: [] };
      if (!entry.concepts.includes(conceptIndex)) entry.concepts.push(conceptIndex);
      byPhrase.set(key, entry);
    }
  });
  const index = new Map<string, IndexedTerm[]>();
  for (const entry of byPhrase.values()) {
    index.set(entry.parts[0], [...(index.get(entry.parts[0]) ?? []), entry]);
  }
  // Longest phrases first, so that `github actions` is tried before `github`.
  for (const entries of index.values()) {
    entries.sort((a, b) => b.parts.length - a.parts.length);
  }
  return index;
}

const CONCEPT_INDEX = new Map(CONCEPTS.map((concept, i) => [concept.id, i]));

const RELATED: Array<Array<[number, number]>> = CONCEPTS.map(concept =>
  Object.entries(concept.related ?? {}).map(([id, strength]) => {
    const target = CONCEPT_INDEX.get(id);
    if (target === undefined) {
      throw new Error(`Concept ${concept.id} is related to unknown concept ${id}`);
    }
    return [target, strength] as [number, number];
  }),
);

function termAt(stems: string[], start: number): IndexedTerm | undefined {
  return (TERM_INDEX.get(stems[start]) ?? []).find(entry =>
    entry.parts.every((part, k) => stems[start + k] === part),
  );
}

/**
 * The concepts mentioned in a sequence of stems, left to right, each stem
 * used once and the longest phrase preferred.
 *
 * @public
 */
export function matchConcepts(stems: string[]): number[] {
  const found: number[] = [];
  let i = 0;
  while (i < stems.length) {
    const match = termAt(stems, i);
    if (match) {
      found.push(...match.concepts);
      i += match.parts.length;
    } else {
      i += 1;
    }
  }
  return found;
}

/** Sentences and list items: phrases and word pairs never span two of them. */
function segments(text: string): string[] {
  return text.split(/[\n.;:,|()[\]{}]+/);
}

function add<K>(map: Map<K, number>, key: K, weight: number) {
  map.set(key, (map.get(key) ?? 0) + weight);
}

/**
 * Analyses a text, sentence by sentence.
 *
 * @public
 */
export function analyze(text: string): AnalyzedText {
  const concepts = new Map<number, number>();
  const terms = new Map<string, number>();
  for (const segment of segments(text)) {
    const words = tokenize(segment);
    if (words.length === 0) continue;
    const stems = words.map(stem);

    for (const concept of matchConcepts(stems)) {
      add(concepts, concept, CONCEPT_WEIGHT);
      for (const [related, strength] of RELATED[concept]) {
        add(concepts, related, CONCEPT_WEIGHT * strength);
      }
    }

    let previous: string | undefined;
    for (let i = 0; i < words.length; i++) {
      if (STOPWORDS.has(words[i]) || words[i].length < 2) continue;
      const current = stems[i];
      add(terms, `w:${current}`, WORD_WEIGHT);
      if (previous) add(terms, `b:${previous}_${current}`, BIGRAM_WEIGHT);
      previous = current;
      if (words[i].length >= 4) {
        const padded = `^${words[i]}$`;
        const count = padded.length - 2;
        const weight = TRIGRAM_WEIGHT / Math.sqrt(count);
        for (let k = 0; k < count; k++) add(terms, `g:${padded.slice(k, k + 3)}`, weight);
      }
    }
  }
  return { concepts, terms };
}

/**
 * The ids of the concepts a text mentions directly, for explaining and
 * testing the lexicon.
 *
 * @public
 */
export function conceptsOf(text: string): string[] {
  const found = segments(text).flatMap(segment => matchConcepts(tokenize(segment).map(stem)));
  return [...new Set(found.map(i => CONCEPTS[i].id))];
}
