import {
  envVarName,
  envVarReference,
  hasConfiguration,
  parsePointer,
  secretPaths,
  toErrorSchema,
  withSecretWidgets,
} from './configForm';

describe('configForm', () => {
  it('reads JSON pointers with escaped slashes and tildes', () => {
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/todo/a~1b/c~0d')).toEqual(['todo', 'a/b', 'c~d']);
  });

  it('places errors at their fields, several at one field, and document errors at the top', () => {
    expect(
      toErrorSchema([
        { path: '/todo/size', message: 'must be number' },
        { path: '/todo/size', message: 'must be >= 1' },
        { path: '', message: 'must be object' },
      ]),
    ).toEqual({ __errors: ['must be object'], todo: { size: { __errors: ['must be number', 'must be >= 1'] } } });
  });

  it('finds secret fields in a schema and edits them as environment variable names', () => {
    const schema = {
      type: 'object',
      properties: {
        aika: {
          type: 'object',
          properties: {
            model: {
              type: 'object',
              properties: { apiKey: { type: 'string', 'x-visibility': 'secret' }, name: { type: 'string' } },
            },
            token: { type: 'string', visibility: 'secret' },
          },
        },
      },
    };
    const paths = secretPaths(schema);
    expect(paths).toEqual(['/aika/model/apiKey', '/aika/token']);
    expect(withSecretWidgets({ aika: { 'ui:order': ['token', '*'] } }, paths)).toEqual({
      aika: { 'ui:order': ['token', '*'], model: { apiKey: { 'ui:widget': 'envVar' } }, token: { 'ui:widget': 'envVar' } },
    });
  });

  it('turns environment variable names into references and back', () => {
    expect(envVarReference(' TODO_TOKEN ')).toBe('${TODO_TOKEN}');
    expect(envVarReference('')).toBeUndefined();
    expect(envVarName('${TODO_TOKEN}')).toBe('TODO_TOKEN');
    expect(envVarName('plain')).toBe('plain');
    expect(envVarName(undefined)).toBe('');
  });

  it('knows a schema without properties needs no configuration', () => {
    expect(hasConfiguration(undefined)).toBe(false);
    expect(hasConfiguration({ type: 'object' })).toBe(false);
    expect(hasConfiguration({ type: 'object', properties: { a: { type: 'string' } } })).toBe(true);
  });
});
