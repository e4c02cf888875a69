import { computeQuality, gradeOf, QUALITY_WEIGHTS, QualityInput } from './computeQuality';

const NOW = new Date('2026-06-01T00:00:00.000Z');

const LONG_README = [
  '# Jenkins',
  '',
  'Shows the builds of your components from Jenkins, with their status, duration and logs.',
  '',
  '## Installation',
  '',
  '```sh',
  'yarn --cwd packages/app add @backstage-community/plugin-jenkins',
  '```',
  '',
  ...Array.from({ length: 60 }, (_, i) => `Configuration notes, line ${i + 1} of the guide.`),
].join('\n');

describe('computeQuality', () => {
  it('scores a well-kept, popular plugin A', () => {
    const result = computeQuality({
      readme: LONG_README,
      description: 'View Jenkins builds for your components',
      license: 'Apache-2.0',
      publishedAt: '2026-05-20T10:00:00.000Z',
      downloadsMonthly: 48_210,
      hasTypes: true,
      hasConfigSchema: false,
      repository: 'https://github.com/backstage/community-plugins',
      now: NOW,
    });
    // Everything full but the config schema's 7 points.
    expect(result.score).toBe(93);
    expect(result.grade).toBe('A');
    expect(result.signals.configSchema).toEqual({
      score: 0,
      weight: 0.07,
      detail: 'Declares no configuration schema.',
    });
    expect(result.signals.recency.detail).toBe('Newest release 11 days ago.');
    expect(result.signals.popularity.detail).toBe('48,210 downloads a month.');
  });

  it('scores a decent plugin with a proprietary license and no schema B', () => {
    const result = computeQuality({
      readme: `# Acme\n\n${'A paragraph about what it does. '.repeat(25)}\n\n    yarn add @acme/backstage-plugin`,
      description: 'Acme for Backstage',
      license: 'SEE LICENSE IN LICENSE.md',
      publishedAt: '2025-11-13T00:00:00.000Z', // 200 days before NOW
      downloadsMonthly: 1500,
      hasTypes: true,
      repository: 'acme/backstage-plugin',
      now: NOW,
    });
    // documentation 0.9, recency 0.75, popularity 0.79, license 0.5, repository 1, types 1, schema 0
    expect(Object.fromEntries(Object.entries(result.signals).map(([k, s]) => [k, s.score]))).toEqual({
      documentation: 0.9,
      recency: 0.75,
      popularity: 0.79,
      license: 0.5,
      repository: 1,
      types: 1,
      configSchema: 0,
    });
    expect(result.score).toBe(76);
    expect(result.grade).toBe('B');
  });

  it('scores an abandoned plugin D', () => {
    const result = computeQuality({
      readme: '# old-plugin\n\nDoes a thing.',
      description: 'A plugin',
      license: 'MIT',
      publishedAt: '2023-01-15T00:00:00.000Z',
      downloadsMonthly: 40,
      hasTypes: true,
      hasConfigSchema: false,
      repository: 'https://github.com/acme/old-plugin',
      now: NOW,
    });
    // 0.25*0.5 + 0.2*0.1 + 0.2*0.4 + 0.1 + 0.1 + 0.08 = 0.505, which rounds up.
    expect(result.score).toBe(51);
    expect(result.grade).toBe('D');
    expect(result.signals.recency.detail).toBe(
      'Newest release 3.4 years ago: more than two years without a release.',
    );
  });

  it('scores a plugin nothing is known about E, with only the floor of recency', () => {
    const result = computeQuality({ now: NOW });
    expect(result.score).toBe(2);
    expect(result.grade).toBe('E');
    expect(Object.keys(result.signals).sort()).toEqual(Object.keys(QUALITY_WEIGHTS).sort());
    expect(result.signals.documentation.detail).toBe('No README; no description.');
  });

  it('scores 100 when every signal is full', () => {
    const result = computeQuality({
      readme: LONG_README,
      description: 'x',
      license: 'MIT',
      publishedAt: NOW.toISOString(),
      downloadsMonthly: 10_000,
      hasTypes: true,
      hasConfigSchema: true,
      repository: 'github:acme/x',
      now: NOW,
    });
    expect(result.score).toBe(100);
    expect(result.grade).toBe('A');
  });

  it('has weights that sum to 1 and reports each signal with its weight and a sentence', () => {
    const sum = Object.values(QUALITY_WEIGHTS).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 10);
    const result = computeQuality({ now: NOW, license: 'MIT' });
    for (const [name, signal] of Object.entries(result.signals)) {
      expect(signal.weight).toBe(QUALITY_WEIGHTS[name as keyof typeof QUALITY_WEIGHTS]);
      expect(signal.score).toBeGreaterThanOrEqual(0);
      expect(signal.score).toBeLessThanOrEqual(1);
      expect(signal.detail).toMatch(/^[A-Z0-9].*\.$/);
    }
  });

  it('is deterministic given now, and stamps it', () => {
    const input: QualityInput = { readme: LONG_README, publishedAt: '2026-01-01', now: NOW };
    expect(computeQuality(input)).toEqual(computeQuality({ ...input }));
    expect(computeQuality(input).computedAt).toBe('2026-06-01T00:00:00.000Z');
  });

  it('scores against the current time when no now is given', () => {
    jest.useFakeTimers({ now: new Date('2030-01-01T00:00:00.000Z') });
    try {
      const result = computeQuality({ publishedAt: '2029-12-01T00:00:00.000Z' });
      expect(result.computedAt).toBe('2030-01-01T00:00:00.000Z');
      expect(result.signals.recency.score).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('gradeOf', () => {
  it.each([
    [100, 'A'],
    [85, 'A'],
    [84, 'B'],
    [70, 'B'],
    [69, 'C'],
    [55, 'C'],
    [54, 'D'],
    [40, 'D'],
    [39, 'E'],
    [0, 'E'],
  ])('grades %i as %s', (score, grade) => {
    expect(gradeOf(score)).toBe(grade);
  });
});
