import {
  bugsUrl,
  normalizeRepositoryUrl,
  parseAuthor,
  pointer,
  readKeywords,
  tagsFromKeywords,
} from './packageMetadata';

describe('parseAuthor', () => {
  it('reads the string form "Name <email> (url)" with any part after the name left out', () => {
    expect(parseAuthor('Jane Doe <jane@acme.dev> (https://acme.dev)')).toEqual({
      name: 'Jane Doe',
      email: 'jane@acme.dev',
      url: 'https://acme.dev',
    });
    expect(parseAuthor('Jane Doe (https://acme.dev)')).toEqual({
      name: 'Jane Doe',
      url: 'https://acme.dev',
    });
    expect(parseAuthor('  Acme  ')).toEqual({ name: 'Acme' });
  });

  it('reads the object form and refuses authors without a name', () => {
    expect(
      parseAuthor({ name: 'Acme', email: 'oss@acme.dev', url: 42 }),
    ).toEqual({
      name: 'Acme',
      email: 'oss@acme.dev',
    });
    expect(parseAuthor({ email: 'oss@acme.dev' })).toBeUndefined();
    expect(parseAuthor('<oss@acme.dev>')).toBeUndefined();
    expect(parseAuthor(undefined)).toBeUndefined();
  });
});

describe('normalizeRepositoryUrl', () => {
  it.each([
    [
      'git+https://github.com/acme/plugins.git',
      'https://github.com/acme/plugins',
    ],
    [
      'git+ssh://git@github.com/acme/plugins.git',
      'https://github.com/acme/plugins',
    ],
    ['git@github.com:acme/plugins.git', 'https://github.com/acme/plugins'],
    ['git://github.com/acme/plugins.git', 'https://github.com/acme/plugins'],
    [
      'ssh://git@gitlab.example.com:2222/acme/plugins.git',
      'https://gitlab.example.com/acme/plugins',
    ],
    ['github:acme/plugins', 'https://github.com/acme/plugins'],
    ['gitlab:acme/plugins', 'https://gitlab.com/acme/plugins'],
    ['bitbucket:acme/plugins', 'https://bitbucket.org/acme/plugins'],
    ['acme/plugins', 'https://github.com/acme/plugins'],
    ['acme/plugins#main', 'https://github.com/acme/plugins'],
    ['https://github.com/acme/plugins/', 'https://github.com/acme/plugins'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeRepositoryUrl(input)).toBe(expected);
  });

  it('appends the monorepo directory on GitHub', () => {
    expect(
      normalizeRepositoryUrl({
        type: 'git',
        url: 'git+https://github.com/acme/plugins.git',
        directory: 'workspaces/todo/plugins/todo',
      }),
    ).toBe(
      'https://github.com/acme/plugins/tree/HEAD/workspaces/todo/plugins/todo',
    );
  });

  it('gives nothing for values that are no repository', () => {
    expect(normalizeRepositoryUrl('not a url at all')).toBeUndefined();
    expect(normalizeRepositoryUrl('file:../local')).toBeUndefined();
    expect(normalizeRepositoryUrl({ type: 'git' })).toBeUndefined();
  });
});

describe('bugsUrl', () => {
  it('reads a string or the url of an object', () => {
    expect(bugsUrl('https://github.com/acme/plugins/issues')).toBe(
      'https://github.com/acme/plugins/issues',
    );
    expect(
      bugsUrl({ url: 'https://acme.dev/bugs', email: 'bugs@acme.dev' }),
    ).toBe('https://acme.dev/bugs');
    expect(bugsUrl({ email: 'bugs@acme.dev' })).toBeUndefined();
  });
});

describe('tagsFromKeywords', () => {
  it('slugifies keywords to the tag pattern, drops generic words and duplicates', () => {
    expect(
      tagsFromKeywords([
        'backstage',
        'Backstage Plugin',
        'plugin',
        'CI/CD',
        'ci-cd',
        'Kubernetes',
        '--Argo CD!',
        'c#',
        '',
      ]),
    ).toEqual(['ci-cd', 'kubernetes', 'argo-cd', 'c#']);
  });

  it('keeps every tag within the schema pattern and at most 20 of them', () => {
    const tags = tagsFromKeywords([
      'x'.repeat(100),
      ...Array.from({ length: 30 }, (_, i) => `Topic ${i}`),
    ]);
    expect(tags).toHaveLength(20);
    for (const tag of tags)
      expect(tag).toMatch(/^[a-z0-9][a-z0-9:+#.-]{0,62}$/);
  });

  it('reads keywords given as one string', () => {
    expect(readKeywords('alpha, beta gamma')).toEqual([
      'alpha',
      'beta',
      'gamma',
    ]);
    expect(readKeywords(['a', 1, 'b'])).toEqual(['a', 'b']);
  });
});

describe('pointer', () => {
  it('escapes slashes and tildes of keys', () => {
    expect(pointer('versions', '1.0.0', 'dependencies', '@acme/x~y')).toBe(
      '/versions/1.0.0/dependencies/@acme~1x~0y',
    );
  });
});
