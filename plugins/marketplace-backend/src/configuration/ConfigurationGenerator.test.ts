import { mockServices } from '@backstage/backend-test-utils';
import { databases } from '../__testUtils__/storage';
import { createConfigFixture, firstPartyListing, schemaListing } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

const DISCRIMINATED = schemaListing('test.storage', {
  name: 'Storage',
  configSchema: {
    type: 'object',
    properties: {
      storage: {
        type: 'object',
        description: 'Where files go.',
        properties: {
          kind: { type: 'string', enum: ['s3', 'local'], description: 'Kind of store' },
          retries: { type: 'number', default: 3 },
        },
        oneOf: [
          {
            properties: {
              kind: { const: 's3' },
              bucket: { type: 'string', examples: ['acme-files'] },
              accessKey: { type: 'string', visibility: 'secret' },
            },
            required: ['kind', 'bucket'],
          },
          {
            properties: { kind: { const: 'local' }, directory: { type: 'string', default: '/var/data' } },
            required: ['kind'],
          },
        ],
      },
    },
  },
  environmentVariables: [{ name: 'STORAGE_ACCESS_KEY', required: false, secret: true }],
});

const PRECEDENCE = schemaListing('test.precedence', {
  name: 'Precedence',
  configSchema: {
    type: 'object',
    properties: {
      prec: {
        type: 'object',
        properties: {
          a: { type: 'string', default: 'schema-a' },
          b: { type: 'string', default: 'schema-b' },
          c: { type: 'string', default: 'schema-c' },
          d: { type: 'number', default: 4 },
          token: { type: 'string', visibility: 'secret' },
        },
      },
    },
  },
  defaultConfig: { prec: { a: 'default-config-a', b: 'default-config-b', c: 'default-config-c' } },
  environmentVariables: [
    { name: 'PREC_B', required: false },
    { name: 'PREC_TOKEN', required: true, secret: true },
  ],
});

const CLOSED = schemaListing('test.closed', {
  name: 'Closed',
  configSchema: {
    type: 'object',
    properties: {
      closed: {
        type: 'object',
        additionalProperties: false,
        properties: { known: { type: 'number' } },
      },
    },
  },
});

describe.each(databases.eachSupportedId())('DefaultConfigurationGenerator on %s', databaseId => {
  it("makes AiKA's API key an environment variable reference, in the schema, the uiSchema and the steps", async () => {
    const { generator } = await createConfigFixture(databaseId, {
      listings: [await firstPartyListing('marketplace.aika')],
      env: { AIKA_API_KEY: 'sk-real-value-never-shown' },
    });

    const form = await generator.getForm('marketplace.aika');

    const apiKeySchema = (form.schema as any).properties.aika.properties.model.then.properties.apiKey;
    expect(apiKeySchema.pattern).toBe('^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$');
    const ui = (form.uiSchema as any).aika.model.apiKey;
    expect(ui).toMatchObject({
      'ui:widget': 'text',
      'ui:placeholder': '${AIKA_API_KEY}',
      'ui:options': { secret: true, envVar: 'AIKA_API_KEY' },
    });
    expect(ui['ui:help']).toMatch(/never written to the config file/);
    expect((form.uiSchema as any).aika.model.baseUrl['ui:placeholder']).toBe('https://api.openai.com/v1');

    const fields = form.steps.flatMap(s => s.fields);
    expect(fields.find(f => f.path === '/aika/model/apiKey')).toEqual({
      path: '/aika/model/apiKey',
      title: 'API key',
      description: 'Bearer key of the endpoint',
      required: true,
      secret: true,
      envVar: 'AIKA_API_KEY',
      condition: { path: '/aika/model/provider', equals: 'openai-compatible' },
    });
    expect(form.environment.environmentVariables).toEqual({ AIKA_API_KEY: true });
    expect(JSON.stringify(form)).not.toContain('sk-real-value-never-shown');
    // Nothing is required: AiKA answers with retrieval only by default.
    expect(form.required).toBe(false);
    expect(form.formData).toEqual({ aika: { model: { provider: 'retrieval-only' } } });
  });

  it('turns if/then and a discriminated oneOf into conditions, and groups steps by object', async () => {
    const { generator } = await createConfigFixture(databaseId, {
      listings: [await firstPartyListing('marketplace.aika'), DISCRIMINATED],
    });

    const aika = await generator.getForm('marketplace.aika');
    expect(aika.steps.map(s => [s.id, s.title, s.fields.map(f => [f.path, f.condition?.equals ?? null])])).toEqual([
      [
        'aika.model',
        'Language model',
        [
          ['/aika/model/provider', null],
          ['/aika/model/baseUrl', 'openai-compatible'],
          ['/aika/model/apiKey', 'openai-compatible'],
          ['/aika/model/name', 'openai-compatible'],
        ],
      ],
    ]);
    expect(aika.steps[0].help).toMatch(/retrieval only/);

    const storage = await generator.getForm('test.storage');
    const fields = storage.steps.flatMap(s => s.fields);
    expect(storage.steps.map(s => s.id)).toEqual(['storage']);
    expect(fields.map(f => [f.path, f.condition?.equals ?? null, f.required])).toEqual([
      ['/storage/kind', null, false],
      ['/storage/retries', null, false],
      ['/storage/bucket', 's3', true],
      ['/storage/accessKey', 's3', false],
      ['/storage/directory', 'local', false],
    ]);
    expect(fields.find(f => f.path === '/storage/accessKey')?.envVar).toBe('STORAGE_ACCESS_KEY');
    expect(fields.find(f => f.path === '/storage/bucket')?.example).toBe('acme-files');
    expect((storage.uiSchema as any).storage['ui:order']).toEqual(['bucket', 'kind', 'retries', 'accessKey', 'directory', '*']);
    expect(storage.formData).toEqual({ storage: { retries: 3 } });
  });

  it('pre-fills from the managed file, then the environment, then defaultConfig, then schema defaults', async () => {
    const { generator, store } = await createConfigFixture(databaseId, {
      listings: [PRECEDENCE],
      env: { PREC_B: 'from-env', PREC_TOKEN: 'real-token-value' },
    });
    await store.save({ yaml: 'prec:\n  a: managed-a\n', message: 'set a', author: 'user:default/ada', baseRevision: 0 });

    const form = await generator.getForm('test.precedence');

    expect(form.formData).toEqual({
      prec: { a: 'managed-a', b: '${PREC_B}', c: 'default-config-c', d: 4, token: '${PREC_TOKEN}' },
    });
    expect(form.environment.environmentVariables).toEqual({ PREC_B: true, PREC_TOKEN: true });
    expect(JSON.stringify(form)).not.toContain('real-token-value');
    expect(form.required).toBe(true);
  });

  it('reports the environment: database, cache, integrations and base URL from config, variables by name only', async () => {
    const config = mockServices.rootConfig({
      data: {
        backend: { baseUrl: 'http://localhost:7007', database: { client: 'pg' }, cache: { store: 'redis' } },
        integrations: {
          github: [{ host: 'github.com', token: 'ghp_secret' }, { host: 'ghe.acme.example' }],
          gitlab: [{}],
          azure: [{ host: 'dev.azure.com' }],
        },
      },
    });
    const { generator } = await createConfigFixture(databaseId, {
      listings: [await firstPartyListing('marketplace.aika')],
      config,
      env: { AIKA_API_KEY: '' },
    });

    const { environment } = await generator.getForm('marketplace.aika');

    expect(environment).toEqual({
      backstageVersion: '1.55.0',
      database: 'pg',
      cache: 'redis',
      integrations: [
        { kind: 'github', host: 'github.com' },
        { kind: 'github', host: 'ghe.acme.example' },
        { kind: 'gitlab', host: 'gitlab.com' },
        { kind: 'azure', host: 'dev.azure.com' },
      ],
      environmentVariables: { AIKA_API_KEY: false },
      baseUrl: 'http://localhost:7007',
    });
    expect(JSON.stringify(environment)).not.toContain('ghp_secret');
  });

  it('validates with errors mapped to the fields', async () => {
    const { generator } = await createConfigFixture(databaseId, {
      listings: [await firstPartyListing('marketplace.aika'), await firstPartyListing('marketplace.soundcheck'), CLOSED],
    });

    const wrong = await generator.validate('marketplace.aika', {
      aika: { model: { provider: 'openai-compatible', baseUrl: 42 } },
      rbac: { admins: [] },
    });
    expect(wrong.valid).toBe(false);
    expect(wrong.errors).toEqual(
      expect.arrayContaining([
        { path: '/rbac', message: "is not part of AiKA's configuration (it configures aika)" },
        { path: '/aika/model/baseUrl', message: 'must be string' },
        { path: '/aika/model/apiKey', message: 'is required' },
      ]),
    );

    const plain = await generator.validate('marketplace.aika', {
      aika: { model: { provider: 'openai-compatible', baseUrl: 'https://llm.acme.example/v1', apiKey: 'sk-live-123' } },
    });
    expect(plain.errors).toEqual([{ path: '/aika/model/apiKey', message: expect.stringContaining('${AIKA_API_KEY}') }]);
    expect(JSON.stringify(plain)).not.toContain('sk-live-123');

    const enumError = await generator.validate('marketplace.aika', { aika: { model: { provider: 'magic' } } });
    expect(enumError.errors).toEqual([
      { path: '/aika/model/provider', message: 'must be one of: retrieval-only, openai-compatible' },
    ]);

    const fine = await generator.validate('marketplace.aika', {
      aika: { model: { provider: 'openai-compatible', baseUrl: 'https://llm.acme.example/v1', apiKey: '${AIKA_API_KEY}' }, extra: 1 },
    });
    expect(fine).toEqual({ valid: true, errors: [] });

    // A number read from the environment is only known when the config loads.
    expect(await generator.validate('marketplace.soundcheck', { soundcheck: { certificationThreshold: '${THRESHOLD}' } })).toEqual({
      valid: true,
      errors: [],
    });
    expect((await generator.validate('marketplace.soundcheck', { soundcheck: { certificationThreshold: 120 } })).errors).toEqual([
      { path: '/soundcheck/certificationThreshold', message: 'must be <= 100' },
    ]);

    expect((await generator.validate('test.closed', { closed: { known: 1, unknown: 2 } })).errors).toEqual([
      { path: '/closed/unknown', message: 'is not a known field' },
    ]);
  });

  it('previews the whole managed file and the diff, keeping what else it holds', async () => {
    const { generator, store } = await createConfigFixture(databaseId, {
      listings: [await firstPartyListing('marketplace.aika')],
    });
    await store.save({
      yaml: '# Owned by the platform team\napp:\n  title: Portal\n',
      message: 'title',
      author: 'user:default/ada',
      baseRevision: 0,
    });

    const preview = await generator.preview('marketplace.aika', {
      aika: { model: { provider: 'openai-compatible', baseUrl: 'https://llm.acme.example/v1', apiKey: '${AIKA_API_KEY}', name: '' } },
    });

    expect(preview.yaml).toBe(
      [
        '# Owned by the platform team',
        'app:',
        '  title: Portal',
        'aika:',
        '  model:',
        '    provider: openai-compatible',
        '    baseUrl: https://llm.acme.example/v1',
        '    apiKey: ${AIKA_API_KEY}',
        '',
      ].join('\n'),
    );
    expect(preview.diff).toContain('+aika:');
    expect(preview.diff).toContain('+    apiKey: ${AIKA_API_KEY}');
    expect(preview.diff).not.toMatch(/^-[^-]/m);
    expect(preview.validation).toEqual({ valid: true, errors: [] });

    const bad = await generator.preview('marketplace.aika', {
      aika: { model: { provider: 'openai-compatible', baseUrl: 'https://llm.acme.example/v1', apiKey: 'sk-live-123' } },
    });
    expect(bad.validation.errors).toEqual([
      { path: '/aika/model/apiKey', message: expect.stringContaining('is a secret'), line: 8 },
    ]);
    expect(bad.yaml).not.toContain('sk-live-123');
    expect(bad.yaml).toContain('apiKey: "********"');
  });
});
