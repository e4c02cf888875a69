import { databases } from '../../__testUtils__/storage';
import { Suggestion } from '../types';
import { createSearch } from './__testUtils__/searchSetup';
import { DatabaseTextSearchIndex } from './DatabaseTextSearchIndex';
import { matchingCategories, suggestionScore } from './suggestions';

jest.setTimeout(120_000);

describe('suggestionScore', () => {
  it('prefers the whole label, then its start, then a later word, then similarity', () => {
    expect(suggestionScore('kubernetes', 'Kubernetes', 'Kubernetes backstage kubernetes')).toBe(4);
    expect(suggestionScore('kube', 'Kubernetes', 'Kubernetes backstage kubernetes')).toBe(3);
    expect(suggestionScore('ingest', 'Kubernetes Ingestor', 'Kubernetes Ingestor terasky')).toBe(2);
    expect(suggestionScore('tech he', 'tech-health', 'tech-health')).toBe(3);
    const typo = suggestionScore('kubrnetes', 'Kubernetes', 'Kubernetes backstage kubernetes');
    expect(typo).toBeGreaterThan(0.5);
    expect(typo).toBeLessThan(1);
    expect(suggestionScore('zzz', 'Kubernetes', 'Kubernetes')).toBe(0);
    // Two letters are a prefix or nothing.
    expect(suggestionScore('kb', 'Kubernetes', 'Kubernetes')).toBe(0);
  });
});

describe('matchingCategories', () => {
  it('names the categories a prefix can suggest, so that only those are counted', () => {
    expect(matchingCategories('sec')).toEqual(['security']);
    expect(matchingCategories('observ')).toEqual(['monitoring']);
    expect(matchingCategories('kubernetes')).toEqual([]);
  });
});

describe.each(databases.eachSupportedId())('Text search autocomplete on %s', databaseId => {
  let index: DatabaseTextSearchIndex;
  beforeAll(async () => {
    index = (await createSearch(databaseId, { seed: true })).index;
  });

  const kinds = (suggestions: Suggestion[]) => suggestions.map(s => `${s.kind}:${s.value}`);

  it('suggests tags and plugins whose words start with the prefix', async () => {
    const suggestions = await index.autocomplete('kube', 5);
    expect(kinds(suggestions)).toEqual([
      'tag:kubernetes',
      'plugin:backstage.kubernetes',
      'plugin:terasky.kubernetes-ingestor',
      'plugin:backstage.kubernetes-cluster',
      'plugin:terasky.kubernetes-resources-permissions',
    ]);
    expect(suggestions[1]).toEqual({ kind: 'plugin', label: 'Kubernetes', value: 'backstage.kubernetes' });
  });

  it('suggests categories by their title', async () => {
    expect(await index.autocomplete('Monit', 3)).toEqual([
      { kind: 'category', label: 'Monitoring & Observability', value: 'monitoring' },
    ]);
    expect(kinds(await index.autocomplete('sec', 2))).toEqual(['category:security', 'tag:security']);
  });

  it.each([
    ['kubrnetes', 'plugin:backstage.kubernetes'],
    ['pagerdty', 'plugin:pagerduty.pagerduty'],
    ['sonarqbe', 'plugin:backstage-community.sonarqube'],
  ])('tolerates the typo %s', async (prefix, expected) => {
    expect(kinds(await index.autocomplete(prefix, 5))).toContain(expected);
  });

  it('puts prefix matches before typo matches and stops at the limit', async () => {
    const suggestions = await index.autocomplete('cat', 8);
    expect(suggestions).toHaveLength(8);
    expect(suggestions[0]).toEqual({ kind: 'category', label: 'Catalog & Discovery', value: 'catalog' });
    for (const s of suggestions) {
      expect(`${s.label} ${s.value}`.toLowerCase()).toMatch(/(^|[^a-z])cat/);
    }
  });

  it('has nothing for an empty prefix or one no name resembles', async () => {
    expect(await index.autocomplete('', 5)).toEqual([]);
    expect(await index.autocomplete('  ', 5)).toEqual([]);
    expect(await index.autocomplete('qqqqzzzz', 5)).toEqual([]);
  });

  it('answers fast', async () => {
    const started = performance.now();
    for (const prefix of ['k', 'ku', 'kub', 'kube', 'kuber', 'kubern', 'kuberne', 'kubernet']) {
      await index.autocomplete(prefix, 8);
    }
    // Eight keystrokes; generous for slow CI machines, far below what typing notices.
    expect((performance.now() - started) / 8).toBeLessThan(100);
  });
});
