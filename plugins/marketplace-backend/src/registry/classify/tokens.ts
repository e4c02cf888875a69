import { PluginCategory } from '@internal/backstage-plugin-marketplace-common';
import { TERM_RULES } from './rules';

/**
 * A package or plugin name taken apart into the words that can say what it
 * does.
 *
 * @public
 */
export interface ParsedName {
  /** Words naming the plugin itself, e.g. `catalog` in `plugin-catalog-backend-module-github`. */
  head: string[];
  /** Words naming what a module adds to its host, e.g. `github`. */
  module: string[];
  /** Words of the npm scope when the name has other words of its own. */
  publisher: string[];
  /** A package of the `@backstage` scope that is not a plugin: part of the framework. */
  framework: boolean;
}

/**
 * A term of {@link TERM_RULES} found in some words.
 *
 * @public
 */
export interface TermMatch {
  term: string;
  category: PluginCategory;
  weight: number;
}

// Words that only say which part of a plugin a package is.
const ROLE_WORDS = new Set(['backend', 'frontend', 'common', 'node', 'react', 'plugin', 'backstage']);

// Where a module's name joins its host's: `catalog-backend-module-github`,
// `rag-ai-backend-embeddings-aws`, `analytics-module-adoption-insights`.
const MODULE_JOINT = /-(?:backend|frontend)-(?:module-)?|-module-/;

interface IndexedTerm extends TermMatch {
  parts: string[];
  nameOnly: boolean;
}

const TERM_INDEX: Map<string, IndexedTerm[]> = buildIndex();

function buildIndex(): Map<string, IndexedTerm[]> {
  const index = new Map<string, IndexedTerm[]>();
  for (const rule of TERM_RULES) {
    for (const term of rule.terms) {
      const parts = term.split('-');
      const entry: IndexedTerm = {
        term,
        parts,
        category: rule.category,
        weight: rule.weight,
        nameOnly: rule.nameOnly ?? false,
      };
      index.set(parts[0], [...(index.get(parts[0]) ?? []), entry]);
    }
  }
  // Longest phrases first, so that `azure-devops` is tried before `azure`.
  for (const entries of index.values()) {
    entries.sort((a, b) => b.parts.length - a.parts.length);
  }
  return index;
}

/**
 * Lowercase words of a text; anything but letters and digits separates them.
 *
 * @public
 */
export function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/**
 * Finds the terms in a sequence of words, left to right, each word used once
 * and the longest phrase preferred.
 *
 * @public
 */
export function matchTerms(sequence: string[], options: { inName: boolean }): TermMatch[] {
  const matches: TermMatch[] = [];
  let i = 0;
  while (i < sequence.length) {
    const found = termAt(sequence, i, options.inName);
    if (found) {
      matches.push({ term: found.term, category: found.category, weight: found.weight });
      i += found.parts.length;
    } else {
      i += 1;
    }
  }
  return matches;
}

function termAt(sequence: string[], start: number, inName: boolean): IndexedTerm | undefined {
  return (TERM_INDEX.get(sequence[start]) ?? []).find(
    entry =>
      (inName || !entry.nameOnly) &&
      entry.parts.every((part, k) => sequence[start + k] === part),
  );
}

function meaningfulWords(segment: string): string[] {
  // The first word stays even if it is a role word: `backend-plugin-api` is about the backend.
  return words(segment).filter((word, i) => i === 0 || !ROLE_WORDS.has(word));
}

/**
 * Takes a plugin or npm package name apart, following the naming conventions
 * of the ecosystem (`@scope/plugin-<id>[-backend-module-<x>]`,
 * `@scope/backstage-plugin-<id>`, `<id>-plugin-for-backstage`).
 *
 * @public
 */
export function parseName(name: string): ParsedName {
  const match = /^(?:@([^/]+)\/)?(.*)$/.exec(name.trim().toLowerCase());
  const scope = match?.[1];
  const rest = (match?.[2] ?? '')
    .replace(/^(?:backstage-)?plugin-/, '')
    .replace(/^backstage-/, '')
    .replace(/-plugin-for-backstage\b/, '')
    .replace(/(?:-(?:backend|frontend|common|node|react|plugin|backstage))+$/, '');
  const joint = MODULE_JOINT.exec(rest);
  const head = meaningfulWords(joint ? rest.slice(0, joint.index) : rest);
  const module = joint ? meaningfulWords(rest.slice(joint.index + joint[0].length)) : [];
  const framework = scope === 'backstage' && !/^plugin-/.test(match?.[2] ?? '');

  // `@pagerduty/backstage-plugin-backend`: the scope is the only name the plugin has.
  const headSaysNothing = head.every(word => ROLE_WORDS.has(word));
  if (scope && scope !== 'backstage' && headSaysNothing) {
    return { head: words(scope), module, publisher: [], framework };
  }
  return {
    head,
    module,
    publisher: scope && scope !== 'backstage' ? words(scope) : [],
    framework,
  };
}
