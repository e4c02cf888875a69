import { configKeys } from './configSchema';

describe('configKeys', () => {
  it('lists every key with its type, description and whether it is required, parents first', () => {
    expect(
      configKeys({
        type: 'object',
        properties: {
          todo: {
            type: 'object',
            required: ['baseUrl'],
            properties: {
              baseUrl: { type: 'string', description: 'Where the API answers' },
              windowDays: { type: 'number' },
              mode: { enum: ['fast', 'thorough'] },
            },
          },
        },
      }),
    ).toEqual([
      { path: 'todo', type: 'object', required: false, secret: false },
      { path: 'todo.baseUrl', type: 'string', description: 'Where the API answers', required: true, secret: false },
      { path: 'todo.windowDays', type: 'number', required: false, secret: false },
      { path: 'todo.mode', type: 'one of "fast", "thorough"', required: false, secret: false },
    ]);
  });

  it('marks secrets from visibility, the @visibility tag and deepVisibility', () => {
    const keys = configKeys({
      type: 'object',
      properties: {
        token: { type: 'string', visibility: 'secret' },
        password: { type: 'string', description: 'The password. @visibility secret' },
        credentials: {
          type: 'object',
          deepVisibility: 'secret',
          properties: { key: { type: 'string' } },
        },
        url: { type: 'string' },
      },
    });
    const secret = Object.fromEntries(keys.map(k => [k.path, k.secret]));
    expect(secret).toEqual({
      token: true,
      password: true,
      credentials: true,
      'credentials.key': true,
      url: false,
    });
    // The tag is for machines: people read the description without it.
    expect(keys.find(k => k.path === 'password')?.description).toBe('The password.');
  });

  it('follows array items, free-form keys, allOf and alternatives', () => {
    const keys = configKeys({
      type: 'object',
      properties: {
        sources: {
          type: 'array',
          items: {
            type: 'object',
            required: ['host'],
            properties: { host: { type: 'string' } },
          },
        },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        merged: {
          allOf: [
            { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
            { type: 'object', properties: { b: { type: 'boolean' } } },
          ],
        },
        either: {
          oneOf: [
            { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
            { type: 'string' },
          ],
        },
      },
    });
    expect(keys.map(k => [k.path, k.type, k.required])).toEqual([
      ['sources', 'array of object', false],
      ['sources[].host', 'string', true],
      ['labels', 'object', false],
      ['labels.*', 'string', false],
      ['merged', 'object', false],
      ['merged.a', 'string', true],
      ['merged.b', 'boolean', false],
      ['either', 'object | string', false],
      // Required only when that alternative is chosen, so not required here.
      ['either.token', 'string', false],
    ]);
  });

  it('has nothing to list without a schema', () => {
    expect(configKeys(undefined)).toEqual([]);
    expect(configKeys({ type: 'object' })).toEqual([]);
  });
});
