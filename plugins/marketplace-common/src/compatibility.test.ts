import { isCompatible } from './compatibility';

describe('isCompatible', () => {
  it('admits a version inside the declared range', () => {
    expect(isCompatible('^1.30.0', '1.55.0')).toBe(true);
    expect(isCompatible('>=1.40.0 <2', '1.55.0')).toBe(true);
  });

  it('refuses a version outside the declared range', () => {
    expect(isCompatible('>=1.60.0', '1.55.0')).toBe(false);
    expect(isCompatible('^2.0.0', '1.55.0')).toBe(false);
  });

  it('takes a plugin that declares nothing to fit', () => {
    expect(isCompatible(undefined, '1.55.0')).toBe(true);
  });
});
