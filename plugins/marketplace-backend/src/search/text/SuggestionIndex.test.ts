import { Suggestion } from '../types';
import { createSearch } from './__testUtils__/searchSetup';
import { loadCandidates } from './candidates';
import { mergeAscending, SuggestionIndex } from './SuggestionIndex';
import { FUZZY_THRESHOLD } from './scoring';
import {
  normalizePrefix,
  rankSuggestions,
  suggestionCandidates,
  SuggestionCandidate,
  suggestionScore,
} from './suggestions';
import { tokenize } from './textQuery';

jest.setTimeout(120_000);

function plugin(id: string, name: string, popularity: number): SuggestionCandidate {
  return { kind: 'plugin', label: name, value: id, text: `${name} ${id.replace(/[._-]/g, ' ')}`, popularity };
}

const CANDIDATES: SuggestionCandidate[] = [
  { kind: 'category', label: 'Monitoring & Observability', value: 'monitoring', text: 'Monitoring & Observability monitoring', popularity: 3 },
  { kind: 'tag', label: 'kubernetes', value: 'kubernetes', text: 'kubernetes', popularity: 2 },
  { kind: 'tag', label: 'cost', value: 'cost', text: 'cost', popularity: 1 },
  plugin('acme.kubernetes', 'Kubernetes', 50),
  plugin('acme.kubernetes-lens', 'Kubernetes Lens', 500),
  plugin('acme.argo-for-kubernetes', 'Argo for Kubernetes', 900),
  plugin('acme.cost-insights', 'Cost Insights', 10),
  plugin('acme.kafka', 'Kafka Topics', 5),
];

describe('SuggestionIndex', () => {
  const index = SuggestionIndex.build(CANDIDATES);
  const suggest = (prefix: string, limit = 8) =>
    index.suggest(normalizePrefix(prefix), limit).map(s => `${s.kind}:${s.value}`);

  it('puts whole labels, then label starts, then later words, each by kind and popularity', () => {
    expect(suggest('kubernetes')).toEqual([
      'tag:kubernetes',
      'plugin:acme.kubernetes',
      'plugin:acme.kubernetes-lens',
      'plugin:acme.argo-for-kubernetes',
    ]);
    expect(suggest('k')).toEqual([
      'tag:kubernetes',
      'plugin:acme.kubernetes-lens',
      'plugin:acme.kubernetes',
      'plugin:acme.kafka',
      'plugin:acme.argo-for-kubernetes',
    ]);
    expect(suggest('obs')).toEqual(['category:monitoring']);
  });

  it('matches a prefix of several words only where those words follow each other', () => {
    expect(suggest('cost ins')).toEqual(['plugin:acme.cost-insights']);
    expect(suggest('for kub')).toEqual(['plugin:acme.argo-for-kubernetes']);
  });

  it('tolerates typos from three letters on, after every exact match', () => {
    // Equally similar: by kind, then popularity.
    expect(suggest('kubrnetes')).toEqual([
      'tag:kubernetes',
      'plugin:acme.argo-for-kubernetes',
      'plugin:acme.kubernetes-lens',
      'plugin:acme.kubernetes',
    ]);
    expect(suggest('cost insihgts')).toEqual(['plugin:acme.cost-insights']);
    expect(suggest('kxqzt')).toEqual([]); // like no word
    expect(suggest('kb')).toEqual([]); // two letters are a prefix or nothing
  });

  it('stops at the limit', () => {
    expect(suggest('k', 2)).toEqual(['tag:kubernetes', 'plugin:acme.kubernetes-lens']);
    expect(suggest('zzz')).toEqual([]);
    expect(suggest('')).toEqual([]);
  });

  it('keeps one entry per kind and value', () => {
    const twice = SuggestionIndex.build([...CANDIDATES, { ...CANDIDATES[1], popularity: 1 }]);
    expect(twice.size).toBe(CANDIDATES.length);
    expect(twice.suggest('kubernetes', 1)).toEqual([{ kind: 'tag', label: 'kubernetes', value: 'kubernetes' }]);
  });
});

describe('SuggestionIndex on the seed', () => {
  it('suggests what scoring every candidate suggests, for prefixes and typos of its words', async () => {
    const { knex } = await createSearch('SQLITE_3', { seed: true });
    const candidates = suggestionCandidates(await loadCandidates(knex));
    const index = SuggestionIndex.build(candidates);

    const prefixes = new Set<string>();
    const words = [...new Set(candidates.flatMap(c => tokenize(c.label)))].sort();
    words.forEach((word, i) => {
      if (i % 2 === 0) {
        for (let n = 1; n <= Math.min(word.length, 4); n++) prefixes.add(word.slice(0, n));
      } else if (word.length >= 5) {
        // A letter left out, and two swapped: the usual typos.
        prefixes.add(word.slice(0, 2) + word.slice(3));
        prefixes.add(word.slice(0, 1) + word[2] + word[1] + word.slice(3));
      }
      if (i % 5 === 0) prefixes.add(`${word} ${words[(i * 7) % words.length].slice(0, 3)}`);
    });
    expect(prefixes.size).toBeGreaterThan(500);

    const textOf = new Map(candidates.map(c => [`${c.kind}:${c.value}`, c]));
    const scored = (prefix: string, suggestions: Suggestion[]) =>
      suggestions.map(s => {
        const { label, text } = textOf.get(`${s.kind}:${s.value}`)!;
        return { key: `${s.kind}:${s.value}`, score: suggestionScore(prefix, label, text) };
      });
    const single = [...prefixes].filter(prefix => !prefix.includes(' '));
    const differing = single.filter(
      prefix =>
        JSON.stringify(scored(prefix, index.suggest(prefix, 8))) !==
        JSON.stringify(scored(prefix, rankSuggestions(prefix, candidates, 8))),
    );
    expect(differing).toEqual([]);

    // Typos of several words are looked for among the first entries of similar words only:
    // prefix matches are the same, typo matches are real ones, best first.
    const problems = [...prefixes]
      .filter(prefix => prefix.includes(' '))
      .flatMap(prefix => {
        const actual = scored(prefix, index.suggest(prefix, 8));
        const expected = scored(prefix, rankSuggestions(prefix, candidates, 8));
        const exact = (list: typeof actual) => JSON.stringify(list.filter(s => s.score >= 2));
        const typos = actual.filter(s => s.score < 2).map(s => s.score);
        return [
          exact(actual) === exact(expected) ? [] : [`${prefix}: prefix matches differ`],
          typos.every(t => t >= FUZZY_THRESHOLD) ? [] : [`${prefix}: a typo match below the threshold`],
          typos.every((t, i) => i === 0 || typos[i - 1] >= t) ? [] : [`${prefix}: typos out of order`],
        ].flat();
      });
    expect(problems).toEqual([]);
  });
});

describe('mergeAscending', () => {
  it('visits every number of ascending lists once, in order, until told to stop', () => {
    const lists = [[1, 4, 9], [2, 4, 5], [], [0, 9, 12]].map(l => Int32Array.from(l));
    const all: number[] = [];
    mergeAscending(lists, value => {
      all.push(value);
      return true;
    });
    expect(all).toEqual([0, 1, 2, 4, 5, 9, 12]);

    const some: number[] = [];
    mergeAscending(lists, value => {
      some.push(value);
      return some.length < 3;
    });
    expect(some).toEqual([0, 1, 2]);
  });
});
