import {
  activeFilterCount,
  parseSearchState,
  showsResults,
  toSearchParams,
  toSearchRequest,
} from './searchState';

describe('search state in the URL', () => {
  it('survives a round trip through URL parameters', () => {
    const url = 'q=kubernetes&category=infrastructure&category=cloud&role=backend-plugin&compatible=true&minQuality=60&sort=quality&view=list&page=3';
    const state = parseSearchState(new URLSearchParams(url));
    expect(state.q).toBe('kubernetes');
    expect(state.lists.category).toEqual(['infrastructure', 'cloud']);
    expect(state.view).toBe('list');
    expect(state.page).toBe(3);
    expect(toSearchParams(state).toString()).toBe(url);
  });

  it('falls back to defaults for unknown values and leaves defaults out of the URL', () => {
    const state = parseSearchState(new URLSearchParams('sort=random&view=table&page=-2'));
    expect(state.sort).toBeUndefined();
    expect(state.view).toBe('grid');
    expect(state.page).toBe(1);
    expect(toSearchParams(state).toString()).toBe('');
    expect(showsResults(state)).toBe(false);
  });

  it('turns the state into a search request; compatibility asks for the app release', () => {
    const state = parseSearchState(new URLSearchParams('category=security&installed=false&compatible=true&updatedWithinDays=90&minDownloads=abc'));
    expect(activeFilterCount(state)).toBe(5);
    expect(toSearchRequest(state, '1.55.0')).toMatchObject({
      q: undefined,
      category: ['security'],
      installed: false,
      compatibleWith: '1.55.0',
      updatedWithinDays: 90,
      minDownloads: undefined,
    });
    expect(toSearchRequest(state, undefined).compatibleWith).toBeUndefined();
  });
});
