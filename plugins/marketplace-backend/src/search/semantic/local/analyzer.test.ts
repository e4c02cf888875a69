import { analyze, conceptsOf, stem, tokenize } from './analyzer';
import { CONCEPTS } from './lexicon';

describe('tokenize', () => {
  it('splits on anything but letters and digits, lowercased', () => {
    expect(tokenize('@backstage/plugin-PagerDuty on-call, k8s!')).toEqual([
      'backstage', 'plugin', 'pagerduty', 'on', 'call', 'k8s',
    ]);
  });

  it('reads Q&A as questions and answers', () => {
    expect(tokenize('A Q&A site')).toEqual(['a', 'question', 'answer', 'site']);
  });
});

describe('stem', () => {
  it.each([
    ['incidents', 'incident'],
    ['policies', 'policy'],
    ['deployed', 'deploy'],
    ['scanning', 'scan'],
    ['builds', 'build'],
    ['news', 'news'],
    ['status', 'status'],
    ['k8s', 'k8s'],
  ])('stems %s to %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});

describe('conceptsOf', () => {
  it('maps product names to what the products do', () => {
    expect(conceptsOf('PagerDuty')).toEqual(['incident-response']);
    expect(conceptsOf('Kubecost')).toEqual(['cloud-cost']);
    expect(conceptsOf('Sentry')).toEqual(['error-tracking']);
  });

  it('maps plain words and inflections to the same concepts', () => {
    expect(conceptsOf('on-call incidents')).toEqual(['incident-response']);
    expect(conceptsOf('cloud spending')).toEqual(['cloud', 'cloud-cost']);
  });

  it('prefers the longest phrase, so its words do not count on their own', () => {
    expect(conceptsOf('GitHub Actions')).toEqual(['ci']);
    expect(conceptsOf('GitHub')).toEqual(['source-control']);
  });

  it('gives a term listed by several concepts all of them', () => {
    expect(conceptsOf('ecr')).toEqual(expect.arrayContaining(['aws', 'artifact-registry']));
  });

  it('never matches a phrase across two sentences', () => {
    expect(conceptsOf('on. call')).toEqual([]);
  });
});

describe('analyze', () => {
  it('adds related concepts at a fraction of the weight', () => {
    const { concepts } = analyze('pagerduty');
    const index = (id: string) => CONCEPTS.findIndex(c => c.id === id);
    expect(concepts.get(index('incident-response'))).toBe(1.5);
    expect(concepts.get(index('alerting'))).toBeCloseTo(0.6);
  });

  it('drops stop words and boilerplate from words and word pairs but keeps trigrams of real words', () => {
    const { terms } = analyze('A Backstage plugin that integrates towards Jenkins builds');
    expect([...terms.keys()].filter(k => k.startsWith('w:'))).toEqual(['w:jenkin', 'w:build']);
    expect(terms.get('b:jenkin_build')).toBe(0.5);
    expect(terms.has('g:^je')).toBe(true);
    expect(terms.has('w:backstage')).toBe(false);
  });
});
