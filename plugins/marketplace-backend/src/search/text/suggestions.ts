import { PLUGIN_CATEGORIES } from '@internal/backstage-plugin-marketplace-common';
import { Suggestion } from '../types';
import { CandidateRow } from './filters';
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

/** Broader suggestions first when they match as well: they refine a search rather than end it. */
export const KIND_ORDER: Record<Suggestion['kind'], number> = { category: 0, tag: 1, plugin: 2 };

/** A prefix as suggestions compare it: its words, lower-cased, space-separated. */
export function normalizePrefix(prefix: string): string {
  return tokenize(prefix.slice(0, MAX_PREFIX_LENGTH)).join(' ');
}

/** Whether a prefix is long enough for typo tolerance. */
export function allowsTypos(prefix: string): boolean {
  return innerTrigrams(prefix).length > 0;
}

/**
 * pg_trgm word similarity of a normalized prefix to the run of as many
 * consecutive words of a text that resembles it most: a typo is of a word
 * (or of a few in a row), never of letters gathered from words apart.
 */
export function typoSimilarity(prefix: string, words: readonly string[]): number {
  const length = prefix.split(' ').length;
  let best = 0;
  for (let i = 0; i + length <= words.length; i++) {
    const run = length === 1 ? words[i] : words.slice(i, i + length).join(' ');
    best = Math.max(best, wordSimilarity(prefix, run));
  }
  return best;
}

/**
 * How well a normalized prefix matches a suggestion: 4 the whole label,
 * 3 the label's start, 2 the start of a later word, else, from three
 * letters on, the typo similarity (`typoSimilarity`) when it reaches the
 * threshold, else 0 (no match).
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
  const similarity = typoSimilarity(prefix, words);
  return similarity >= FUZZY_THRESHOLD ? similarity : 0;
}

function categoryText(category: (typeof PLUGIN_CATEGORIES)[number]): string {
  return `${category.title} ${category.id}`;
}

/** A plugin's name and its id's words: what its suggestion is matched against, as `name_text` in the database. */
export function pluginNameText(name: string, id: string): string {
  return `${name} ${id.replace(/[._/@-]/g, ' ')}`;
}

/**
 * Everything that can be suggested among these plugins: each plugin by its
 * name, each tag and category they have with how many have it.
 */
export function suggestionCandidates(rows: CandidateRow[]): SuggestionCandidate[] {
  const categories = new Map<string, number>();
  const tags = new Map<string, number>();
  const plugins: SuggestionCandidate[] = [];
  for (const row of rows) {
    categories.set(row.category, (categories.get(row.category) ?? 0) + 1);
    for (const tag of new Set(row.tags)) tags.set(tag, (tags.get(tag) ?? 0) + 1);
    plugins.push({
      kind: 'plugin',
      label: row.name,
      value: row.id,
      text: pluginNameText(row.name, row.id),
      popularity: row.downloads,
    });
  }
  return [
    ...PLUGIN_CATEGORIES.filter(c => categories.has(c.id)).map(c => ({
      kind: 'category' as const,
      label: c.title,
      value: c.id,
      text: categoryText(c),
      popularity: categories.get(c.id)!,
    })),
    ...[...tags].map(([tag, count]) => ({ kind: 'tag' as const, label: tag, value: tag, text: tag, popularity: count })),
    ...plugins,
  ];
}

/**
 * The best `limit` suggestions for a normalized prefix: by match, then
 * categories, tags and plugins in that order, then popularity. The
 * definition, over every candidate; `SuggestionIndex` answers the same
 * without scoring them all.
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
