import { innerTrigrams, trigramSequence, wordSimilarity } from './trigram';

describe('trigram', () => {
  it('splits words and pads them as pg_trgm does', () => {
    // show_trgm('Ab-c d') in Postgres, unsorted.
    expect(new Set(trigramSequence('Ab-c d'))).toEqual(
      new Set(['  a', ' ab', 'ab ', '  c', ' c ', '  d', ' d ']),
    );
    expect(innerTrigrams('Kube ci')).toEqual(['kub', 'ube']);
  });

  it.each([
    // word_similarity(query, target) as Postgres 15 returns it.
    ['word', 'two words', 0.8],
    ['pagerduti', 'PagerDuty pagerduty pagerduty', 0.8],
    ['kubrnets', 'Kubernetes Ingestor terasky kubernetes ingestor', 0.41666666],
    ['cat', 'Catalog Graph', 0.75],
    ['kube ingest', 'Kubernetes Ingestor', 0.5263158],
    ['sonarqbe', 'SonarQube backstage sonarqube', 0.6666667],
    ['argo cd', 'Argocd backstage community argocd', 0.5],
    ['xyz', 'Kubernetes', 0],
    ['Ünïcödé', 'ünïcödé tools', 1],
    ['ab', 'abc', 0.6666667],
    ['', 'abc', 0],
  ])('word_similarity(%j, %j) is %d, as in pg_trgm', (query, target, expected) => {
    expect(wordSimilarity(query, target)).toBeCloseTo(expected, 6);
  });
});
