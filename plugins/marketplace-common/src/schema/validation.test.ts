import { validSpec } from '../__fixtures__/specs';
import { formatFieldErrors, validatePluginSpecification } from './validation';

describe('validatePluginSpecification', () => {
  it('accepts a complete specification', () => {
    const result = validatePluginSpecification(validSpec());
    expect(result).toEqual({ valid: true, value: validSpec() });
  });

  it('names every missing required field', () => {
    const { version, author, ...rest } = validSpec();
    const result = validatePluginSpecification(rest);
    expect(result.valid).toBe(false);
    expect(!result.valid && result.errors).toEqual(
      expect.arrayContaining([
        { field: '/version', message: 'is required' },
        { field: '/author', message: 'is required' },
      ]),
    );
  });

  it('names nested fields with the wrong type', () => {
    const result = validatePluginSpecification({
      ...validSpec(),
      author: { name: 42 },
    });
    expect(!result.valid && formatFieldErrors(result.errors)).toBe(
      '/author/name: must be string',
    );
  });

  it('explains an unknown category with the allowed values', () => {
    const result = validatePluginSpecification(
      validSpec({ category: 'gardening' as any }),
    );
    expect(!result.valid && result.errors[0].field).toBe('/category');
    expect(!result.valid && result.errors[0].message).toMatch(
      /^must be one of: ci-cd, monitoring, .*other$/,
    );
  });

  it('rejects versions that are not semver and ids with upper case', () => {
    const result = validatePluginSpecification(
      validSpec({ version: 'latest', id: 'My Plugin' }),
    );
    expect(!result.valid && result.errors).toEqual([
      {
        field: '/id',
        message: 'must contain only lowercase letters, digits, dots and dashes',
      },
      { field: '/version', message: 'must be a valid semver' },
    ]);
  });

  it('rejects fields the schema does not know', () => {
    const result = validatePluginSpecification({ ...validSpec(), colour: 'red' });
    expect(!result.valid && result.errors).toEqual([
      { field: '/colour', message: 'is not a known field' },
    ]);
  });

  it('points into arrays by index', () => {
    const result = validatePluginSpecification(
      validSpec({
        installation: {
          method: 'npm',
          packages: [{ name: 'x', role: 'frontend-plugin' }, { name: '', role: 'app' as any }],
        },
      }),
    );
    expect(!result.valid && result.errors.map(e => e.field)).toEqual([
      '/installation/packages/1/name',
      '/installation/packages/1/role',
    ]);
  });

  it.each([null, 'a string', 42, []])('rejects %p as a whole', value => {
    const result = validatePluginSpecification(value);
    expect(!result.valid && result.errors[0].field).toBe('/');
  });
});
