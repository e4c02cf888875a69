import { licenseKind } from './licenses';
import {
  configSchemaSignal,
  documentationSignal,
  licenseSignal,
  popularitySignal,
  recencySignal,
  repositorySignal,
  typesSignal,
} from './signals';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const chars = (n: number) => 'x'.repeat(n);

describe('documentationSignal', () => {
  it.each([
    ['nothing', undefined, undefined, 0],
    ['a description only', undefined, 'Shows builds', 0.2],
    ['a blank README and description', '  \n', '   ', 0],
    ['a short README', chars(499), undefined, 0.3],
    ['a medium README', chars(500), undefined, 0.45],
    ['a README just short of long', chars(1999), undefined, 0.45],
    ['a long README', chars(2000), undefined, 0.55],
    ['a long README with usage and a description', `## Usage\n${chars(2000)}`, 'd', 1],
  ])('scores %s', (_, readme, description, score) => {
    expect(documentationSignal(readme, description).score).toBe(score);
  });

  it.each([
    '# Installation',
    '## Install',
    '### Getting Started',
    '## Set up',
    '## Setup',
    '## Configuration',
    '#### Quick start',
    '```\nyarn --cwd packages/backend add @acme/plugin-x-backend\n```',
    'Run `npm install @acme/plugin-x` first.',
    'pnpm add backstage-plugin-x',
  ])('counts %j as installation or usage instructions', text => {
    expect(documentationSignal(text).score).toBe(0.55);
    expect(documentationSignal(text).detail).toMatch(/with installation or usage instructions/);
  });

  it.each([
    'We install it everywhere.',
    'Installation\n\nis easy.',
    '#Hashtag usage',
    '## Contributing',
  ])('does not count %j as instructions', text => {
    expect(documentationSignal(text).score).toBe(0.3);
  });

  it('says what it found', () => {
    expect(documentationSignal(`# X\n## Usage\n${chars(1200)}`, 'An X').detail).toBe(
      'README of 1,213 characters with installation or usage instructions; description present.',
    );
    expect(documentationSignal(undefined, 'An X').detail).toBe('No README; description present.');
  });
});

describe('licenseSignal', () => {
  it.each([
    ['MIT', 1],
    ['Apache-2.0', 1],
    ['apache-2.0', 1],
    ['BSD-3-Clause', 1],
    ['(MIT OR Apache-2.0)', 1],
    ['MIT OR LicenseRef-Proprietary', 1],
    ['MIT AND Apache-2.0', 1],
    ['MIT AND LicenseRef-Proprietary', 0.5],
    ['GPL-2.0-or-later WITH Classpath-exception-2.0', 1],
    ['UNLICENSED', 0.5],
    ['SEE LICENSE IN LICENSE.md', 0.5],
    ['Apache 2.0', 0.5],
    ['CC0-1.0', 0.5],
    ['', 0],
    ['   ', 0],
    [undefined, 0],
  ])('scores %j as %d', (license, score) => {
    expect(licenseSignal(license).score).toBe(score);
  });

  it('names the license in its sentence', () => {
    expect(licenseSignal(' MIT ').detail).toBe('Licensed under MIT, an OSI-approved license.');
    expect(licenseSignal('UNLICENSED').detail).toBe(
      'Licensed under "UNLICENSED", which is not a recognised OSI-approved SPDX license.',
    );
    expect(licenseKind(undefined)).toBe('missing');
  });
});

describe('recencySignal', () => {
  it.each([
    [0, 1, 'Newest release 0 days ago.'],
    [1, 1, 'Newest release 1 day ago.'],
    [90, 1, 'Newest release 90 days ago.'],
    [91, 0.75, 'Newest release 3 months ago, within the last year.'],
    [365, 0.75, 'Newest release 12 months ago, within the last year.'],
    [366, 0.35, 'Newest release 12 months ago, within the last two years.'],
    [730, 0.35, 'Newest release 2.0 years ago, within the last two years.'],
    [731, 0.1, 'Newest release 2.0 years ago: more than two years without a release.'],
  ])('scores a release %i days old', (days, score, detail) => {
    expect(recencySignal(daysBefore(days), NOW)).toEqual({ score, detail });
  });

  it('gives the minimum when the date is unknown or unreadable', () => {
    expect(recencySignal(undefined, NOW)).toEqual({ score: 0.1, detail: 'No release date known.' });
    expect(recencySignal('last Tuesday', NOW).score).toBe(0.1);
  });

  it('counts a release dated in the future as today', () => {
    expect(recencySignal('2026-06-03T00:00:00.000Z', NOW)).toEqual({
      score: 1,
      detail: 'Newest release 0 days ago.',
    });
  });
});

describe('popularitySignal', () => {
  it.each([
    [0, 0],
    [9, 0.25],
    [99, 0.5],
    [999, 0.75],
    [9999, 1],
    [10_000, 1],
    [2_000_000, 1],
  ])('scores %i downloads a month as %d', (downloads, score) => {
    expect(popularitySignal(downloads).score).toBe(score);
  });

  it.each([undefined, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'scores %p downloads as unknown',
    downloads => {
      expect(popularitySignal(downloads)).toEqual({ score: 0, detail: 'Downloads unknown.' });
    },
  );

  it('says how far from full it is', () => {
    expect(popularitySignal(1234).detail).toBe('1,234 downloads a month (full score at 10,000).');
  });
});

describe('typesSignal, configSchemaSignal and repositorySignal', () => {
  it('scores types shipped, not shipped and unknown', () => {
    expect(typesSignal(true).score).toBe(1);
    expect(typesSignal(false)).toEqual({ score: 0, detail: 'Ships no TypeScript types.' });
    expect(typesSignal(undefined).detail).toMatch(/^Not known/);
  });

  it('scores a declared config schema', () => {
    expect(configSchemaSignal(true).score).toBe(1);
    expect(configSchemaSignal(false).score).toBe(0);
    expect(configSchemaSignal(undefined).score).toBe(0);
  });

  it.each([
    ['https://github.com/backstage/community-plugins', 1],
    ['git+https://github.com/acme/x.git', 1],
    ['git://github.com/acme/x.git', 1],
    ['git@github.com:acme/x.git', 1],
    ['github:acme/x', 1],
    ['acme/x', 1],
    ['our internal server', 0.5],
    ['', 0],
    [undefined, 0],
  ])('scores repository %j as %d', (repository, score) => {
    expect(repositorySignal(repository).score).toBe(score);
  });
});
