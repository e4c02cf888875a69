import {
  fts5AnyTerm,
  MAX_FUZZY_LENGTH,
  MAX_TERMS,
  parseSearchText,
  tokenize,
} from './textQuery';

describe('textQuery', () => {
  it('keeps only words of letters and digits', () => {
    expect(tokenize(`Kubernetes' "NEAR"(a*, b:c) -- DROP; ünï 日本`)).toEqual([
      'kubernetes',
      'near',
      'a',
      'b',
      'c',
      'drop',
      'ünï',
      '日本',
    ]);
  });

  it('drops stop words and repeats from the terms but keeps them for similarity', () => {
    expect(parseSearchText('The Catalog of the catalog')).toEqual({
      words: ['the', 'catalog', 'of', 'the', 'catalog'],
      terms: ['catalog'],
      fuzzy: 'the catalog of the catalog',
    });
  });

  it('has nothing to search in empty or symbol-only text', () => {
    expect(parseSearchText(undefined)).toBeUndefined();
    expect(parseSearchText('')).toBeUndefined();
    expect(parseSearchText(' *:"()^ ')).toBeUndefined();
  });

  it('bounds long text', () => {
    const parsed = parseSearchText('kubernetes '.repeat(500) + Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '));
    expect(parsed!.words.length).toBeLessThanOrEqual(MAX_TERMS);
    expect(parsed!.fuzzy.length).toBeLessThanOrEqual(MAX_FUZZY_LENGTH);
    expect(parseSearchText('x'.repeat(5000))!.words[0].length).toBeLessThanOrEqual(200);
  });

  it('quotes every term of an FTS5 query', () => {
    expect(fts5AnyTerm(['near', 'a"b'])).toBe('"near" OR "a""b"');
    expect(fts5AnyTerm(['or', 'not'], ['name', 'id_words'])).toBe('{name id_words} : ("or" OR "not")');
  });
});
