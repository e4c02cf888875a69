import { mockServices } from '@backstage/backend-test-utils';
import { makeListing } from '../../__testUtils__/listings';
import { databases } from '../../__testUtils__/storage';
import { Suggestion } from '../types';
import { createSearch } from './__testUtils__/searchSetup';
import { DatabaseTextSearchIndex } from './DatabaseTextSearchIndex';
import { suggestionScore, typoSimilarity } from './suggestions';

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

describe('typoSimilarity', () => {
  it('measures a typo against single words, or as many words in a row as it has', () => {
    expect(typoSimilarity('kubrnetes', ['argo', 'for', 'kubernetes'])).toBeCloseTo(0.6153846, 6);
    expect(typoSimilarity('cost insihgts', ['acme', 'cost', 'insights'])).toBeGreaterThan(0.5);
    // Letters gathered from words apart are no typo: "mon" is not in "addon mermaid".
    expect(typoSimilarity('mon', ['techdocs', 'addon', 'mermaid'])).toBeLessThan(0.5);
    expect(typoSimilarity('cost insights', ['cost'])).toBe(0);
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

  it('answers from memory: one read of the generation per keystroke', async () => {
    const { knex, index: fresh } = await createSearch(databaseId, { seed: true });
    await fresh.autocomplete('k', 8);
    const queries: string[] = [];
    knex.on('query', (query: { sql: string }) => queries.push(query.sql));
    for (const prefix of ['k', 'ku', 'kub', 'kube', 'kuber', 'kubern', 'kubrn']) {
      expect((await fresh.autocomplete(prefix, 8)).length).toBeGreaterThan(0);
    }
    expect(queries).toHaveLength(7);
    expect(queries.every(sql => /search_generation/.test(sql))).toBe(true);
  });

  it('sees plugins and tags added, changed and removed through another replica', async () => {
    const { knex, store } = await createSearch(databaseId);
    const replica = async () => DatabaseTextSearchIndex.create({ database: mockServices.database({ knex }) });
    const [one, other] = [await replica(), await replica()];
    await store.replaceSource('seed', [makeListing('test.nebula', { spec: { name: 'Nebula Lens', tags: ['stardust'] } })]);
    expect(kinds(await one.autocomplete('neb', 5))).toEqual(['plugin:test.nebula']);
    expect(kinds(await other.autocomplete('stard', 5))).toEqual(['tag:stardust']);

    // Both replicas have built their suggestions; the registry changes underneath them.
    await store.replaceSource('seed', [
      makeListing('test.nebula', { spec: { name: 'Quasar Lens', tags: ['moondust'] } }),
      makeListing('test.pulsar', { downloadsMonthly: 99, spec: { name: 'Pulsar', tags: ['stardust'] } }),
    ]);
    for (const each of [one, other]) {
      expect(kinds(await each.autocomplete('neb', 5))).toEqual(['plugin:test.nebula']); // its id says so still
      expect(kinds(await each.autocomplete('quas', 5))).toEqual(['plugin:test.nebula']);
      expect(kinds(await each.autocomplete('stard', 5))).toEqual(['tag:stardust']);
      expect(kinds(await each.autocomplete('moond', 5))).toEqual(['tag:moondust']);
      expect(kinds(await each.autocomplete('pulsr', 5))).toEqual(['plugin:test.pulsar']);
    }
    await store.replaceSource('seed', []);
    expect(await one.autocomplete('quas', 5)).toEqual([]);
    expect(await other.autocomplete('stard', 5)).toEqual([]);
  });
});
