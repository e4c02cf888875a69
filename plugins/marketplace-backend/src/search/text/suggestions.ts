import { PLUGIN_CATEGORIES } from '@internal/backstage-plugin-marketplace-common';
import { Suggestion } from '../types';
import { compareStrings } from './ordering';
import { FUZZY_THRESHOLD } from './scoring';
import { tokenize } from './textQuery';
import { innerTrigrams, wordSimilarity } from './trigram';

/** Characters of a prefix considered. */
export const MAX_PREFIX_LENGTH = 100;

/** A possible suggestion, before it is scored. */
export interface SuggestionCandidate extends Suggestion {
  /** What the prefix is matched against: the label and any other words naming it. */
  text: string;
  /** Plugins: monthly downloads; tags and categories: how many plugins have them. */
  popularity: number;
}

// Broader suggestions first when they match as well: they refine a search rather than end it.
const KIND_ORDER: Record<Suggestion['kind'], number> = { category: 0, tag: 1, plugin: 2 };

/** A prefix as suggestions compare it: its words, lower-cased, space-separated. */
export function normalizePrefix(prefix: string): string {
  return tokenize(prefix.slice(0, MAX_PREFIX_LENGTH)).join(' ');
}

/** Whether a prefix is long enough for typo tolerance. */
export function allowsTypos(prefix: string): boolean {
  return innerTrigrams(prefix).length > 0;
}

/**
 * How well a normalized prefix matches a suggestion: 4 the whole label,
 * 3 the label's start, 2 the start of a later word, else the trigram
 * similarity when it reaches the threshold, else 0 (no match).
 */
export function suggestionScore(prefix: string, label: string, text: string): number {
  const labelWords = tokenize(label).join(' ');
  if (labelWords === prefix) return 4;
  if (labelWords.startsWith(prefix)) return 3;
  const words = tokenize(text);
  for (let i = 0; i < words.length; i++) {
    if (words.slice(i).join(' ').startsWith(prefix)) return 2;
  }
  if (!allowsTypos(prefix)) return 0;
  const similarity = wordSimilarity(prefix, text);
  return similarity >= FUZZY_THRESHOLD ? similarity : 0;
}

function categoryText(category: (typeof PLUGIN_CATEGORIES)[number]): string {
  return `${category.title} ${category.id}`;
}

/**
 * The ids of the categories a normalized prefix matches at all: only these
 * can be suggested, so only their plugins need counting.
 */
export function matchingCategories(prefix: string): string[] {
  return PLUGIN_CATEGORIES.filter(
    c => suggestionScore(prefix, c.title, categoryText(c)) > 0,
  ).map(c => c.id);
}

/** The categories as suggestion candidates; only those that have plugins. */
export function categoryCandidates(counts: Map<string, number>): SuggestionCandidate[] {
  return PLUGIN_CATEGORIES.filter(c => (counts.get(c.id) ?? 0) > 0).map(c => ({
    kind: 'category' as const,
    label: c.title,
    value: c.id,
    text: categoryText(c),
    popularity: counts.get(c.id) ?? 0,
  }));
}

/**
 * The best `limit` suggestions for a normalized prefix: by match, then
 * categories, tags and plugins in that order, then popularity.
 */
export function rankSuggestions(
  prefix: string,
  candidates: SuggestionCandidate[],
  limit: number,
): Suggestion[] {
  const seen = new Set<string>();
  return candidates
    .map(candidate => ({ candidate, score: suggestionScore(prefix, candidate.label, candidate.text) }))
    .filter(({ candidate, score }) => {
      const key = `${candidate.kind}:${candidate.value}`;
      if (score <= 0 || seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        KIND_ORDER[a.candidate.kind] - KIND_ORDER[b.candidate.kind] ||
        b.candidate.popularity - a.candidate.popularity ||
        compareStrings(a.candidate.label, b.candidate.label) ||
        compareStrings(a.candidate.value, b.candidate.value),
    )
    .slice(0, limit)
    .map(({ candidate: { kind, label, value } }) => ({ kind, label, value }));
}
