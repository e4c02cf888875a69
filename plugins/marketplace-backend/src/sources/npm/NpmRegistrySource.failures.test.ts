import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { randomBytes } from 'node:crypto';
import { FakeRegistry } from './__testUtils__/FakeRegistry';
import { sri } from './__testUtils__/packages';
import { NpmRegistrySource } from './NpmRegistrySource';

function sourceFor(npm: JsonObject) {
  return NpmRegistrySource.fromConfig(
    new ConfigReader({ marketplace: { sources: { npm } } }),
    {
      logger: mockServices.logger.mock(),
    },
  )!;
}

const good = {
  manifest: { version: '1.0.0', description: 'Fine' },
  files: { 'README.md': 'Good' },
};

describe('NpmRegistrySource when packages are broken', () => {
  let registry: FakeRegistry;

  beforeEach(async () => {
    registry = await FakeRegistry.start();
  });

  afterEach(() => registry.stop());

  it('turns each malformed packument into one issue naming the field, and loads the rest', async () => {
    registry.addPackage('@acme/plugin-good', [good]);
    registry.setPackument(
      '@bad/plugin-html',
      '<html>Bad gateway</html>',
      'text/html',
    );
    registry.setPackument('@bad/plugin-array', []);
    registry.setPackument('@bad/plugin-no-versions', {
      name: '@bad/plugin-no-versions',
      'dist-tags': { latest: '1.0.0' },
    });
    registry.setPackument('@bad/plugin-no-tags', {
      name: '@bad/plugin-no-tags',
      versions: {},
    });
    registry.setPackument('@bad/plugin-ghost', {
      'dist-tags': { latest: '2.0.0' },
      versions: { '1.0.0': {} },
    });
    registry.setPackument('@bad/plugin-other-name', {
      name: '@bad/someone-else',
      'dist-tags': {},
      versions: {},
    });
    const [bad] = registry.addPackage('@bad/plugin-bad-deps', [
      {
        manifest: {
          version: '1.0.0',
          dependencies: { left: '^1.0.0', 'right/pad': 42 },
        },
      },
    ]);
    registry.addPackage('@bad/plugin-bad-role', [
      { manifest: { version: '1.0.0', backstage: { role: 'spaceship' } } },
    ]);
    registry.setPackument('@bad/plugin-no-dist', {
      'dist-tags': { latest: '1.0.0' },
      versions: {
        '1.0.0': {
          ...bad.manifest,
          name: '@bad/plugin-no-dist',
          dependencies: {},
          dist: undefined,
        },
      },
    });
    const [, latest] = registry.addPackage('@bad/plugin-old-release', [
      { manifest: { version: '1.0.0' } },
      { manifest: { version: '2.0.0' } },
    ]);
    registry.setPackument('@bad/plugin-old-release', {
      'dist-tags': { latest: '2.0.0' },
      versions: {
        '1.0.0': 'not a release',
        'v1.5.0': {},
        '2.0.0': latest.manifest,
      },
    });

    const { listings, issues } = await sourceFor({
      registry: registry.url,
      packages: [
        '@acme/plugin-good',
        '@bad/plugin-missing',
        '@bad/plugin-html',
        '@bad/plugin-array',
        '@bad/plugin-no-versions',
        '@bad/plugin-no-tags',
        '@bad/plugin-ghost',
        '@bad/plugin-other-name',
        '@bad/plugin-bad-deps',
        '@bad/plugin-bad-role',
        '@bad/plugin-no-dist',
        '@bad/plugin-old-release',
        'Not A Package',
      ],
    }).read();

    const issue = (ref: string, message: string, field?: string) => ({
      source: 'npm',
      ref,
      ...(field && { field }),
      message,
    });
    expect(issues).toEqual([
      issue('Not A Package', 'is not a valid npm package name', 'packages'),
      issue(
        '@bad/plugin-missing',
        'is not in the registry (HTTP 404 Not Found)',
      ),
      issue(
        '@bad/plugin-html',
        "the registry's answer is not JSON (text/html)",
      ),
      issue('@bad/plugin-array', 'must be a JSON object', '/'),
      issue('@bad/plugin-no-versions', 'is required', '/versions'),
      issue('@bad/plugin-no-tags', 'is required', '/dist-tags'),
      issue(
        '@bad/plugin-ghost',
        'is missing, though dist-tags.latest names it',
        '/versions/2.0.0',
      ),
      issue(
        '@bad/plugin-other-name',
        'is "@bad/someone-else", expected "@bad/plugin-other-name"',
        '/name',
      ),
      issue(
        '@bad/plugin-bad-deps',
        'must be a version range',
        '/versions/1.0.0/dependencies/right~1pad',
      ),
      issue(
        '@bad/plugin-bad-role',
        'must be one of: frontend-plugin, frontend-plugin-module, backend-plugin, backend-plugin-module, common-library, web-library, node-library, cli, other',
        '/versions/1.0.0/backstage/role',
      ),
      issue(
        '@bad/plugin-no-dist',
        'is required and must be an object',
        '/versions/1.0.0/dist',
      ),
      issue(
        '@bad/plugin-old-release',
        'must be an object; that release is left out',
        '/versions/1.0.0',
      ),
      issue(
        '@bad/plugin-old-release',
        'is not a semver version; that release is left out',
        '/versions/v1.5.0',
      ),
    ]);
    expect(
      listings.map(l => [l.spec.id, l.versions.map(v => v.version)]),
    ).toEqual([
      ['acme.good', ['1.0.0']],
      ['bad.old-release', ['2.0.0']],
    ]);
    expect(listings[0].spec.documentation.readme).toBe('Good');
  });

  it('refuses a tarball whose integrity does not match, keeping the listing without its files', async () => {
    const [release] = registry.addPackage('@acme/plugin-tampered', [
      {
        manifest: { version: '1.0.0', configSchema: { type: 'object' } },
        files: { 'README.md': 'Tampered' },
      },
    ]);
    const dist = release.manifest.dist as Record<string, string>;
    registry.setPackument('@acme/plugin-tampered', {
      'dist-tags': { latest: '1.0.0' },
      versions: {
        '1.0.0': {
          ...release.manifest,
          dist: { ...dist, integrity: sri(Buffer.from('what was published')) },
        },
      },
    });

    const { listings, issues } = await sourceFor({
      registry: registry.url,
      packages: ['@acme/plugin-tampered'],
    }).read();

    expect(issues).toEqual([
      {
        source: 'npm',
        ref: '@acme/plugin-tampered',
        field: '/versions/1.0.0/dist/integrity',
        message: `does not match the downloaded tarball (${sri(
          release.tarball,
        )}); the tarball was not used`,
      },
    ]);
    expect(listings).toHaveLength(1);
    expect(listings[0].spec.documentation.readme).toBeUndefined();
    expect(listings[0].spec.configSchema).toBeUndefined();
  });

  it('refuses tarballs over the size limit, whether the size is declared or only seen while streaming', async () => {
    const big = {
      manifest: { version: '1.0.0' },
      files: { 'README.md': randomBytes(8 * 1024).toString('base64') },
    };
    registry.addPackage('@acme/plugin-declared', [big]);
    registry.addPackage('@acme/plugin-streamed', [big], { chunked: true });
    registry.addPackage('@acme/plugin-small', [good]);

    const { listings, issues } = await sourceFor({
      registry: registry.url,
      packages: [
        '@acme/plugin-declared',
        '@acme/plugin-streamed',
        '@acme/plugin-small',
      ],
      maxTarballBytes: 4096,
    }).read();

    const tooLarge = (ref: string) => ({
      source: 'npm',
      ref,
      field: '/versions/1.0.0/dist/tarball',
      message: 'the tarball is larger than the limit of 4 KiB',
    });
    expect(issues).toEqual([
      tooLarge('@acme/plugin-declared'),
      tooLarge('@acme/plugin-streamed'),
    ]);
    expect(listings.map(l => [l.spec.id, l.spec.documentation.readme])).toEqual(
      [
        ['acme.declared', undefined],
        ['acme.streamed', undefined],
        ['acme.small', 'Good'],
      ],
    );
  });

  it('reports a plugin whose specification is invalid and loads the others', async () => {
    const longName = `@acme/plugin-${'a'.repeat(130)}`;
    registry.addPackage(longName, [good]);
    registry.addPackage('@acme/plugin-good', [good]);

    const { listings, issues } = await sourceFor({
      registry: registry.url,
      packages: [longName, '@acme/plugin-good'],
    }).read();

    expect(issues).toEqual([
      {
        source: 'npm',
        ref: longName,
        field: '/id',
        message: `plugin acme.${'a'.repeat(
          130,
        )} is not a valid specification: /id: must contain only lowercase letters, digits, dots and dashes`,
      },
    ]);
    expect(listings.map(l => l.spec.id)).toEqual(['acme.good']);
  });
});

describe('NpmRegistrySource with a private registry', () => {
  let registry: FakeRegistry;
  let cdn: FakeRegistry;

  beforeEach(async () => {
    registry = await FakeRegistry.start({ token: 's3cret' });
    cdn = await FakeRegistry.start();
    registry.addPackage('@acme/plugin-here', [good]);
    const [elsewhere] = registry.addPackage('@acme/plugin-elsewhere', [good], {
      tarballUrl: cdn.url,
    });
    cdn.serveTarball('@acme/plugin-elsewhere', elsewhere);
  });

  afterEach(async () => {
    await registry.stop();
    await cdn.stop();
  });

  const packages = ['@acme/plugin-here', '@acme/plugin-elsewhere'];

  it('sends the token as a bearer token to the registry and to no other host', async () => {
    const { listings, issues } = await sourceFor({
      registry: registry.url,
      token: 's3cret',
      packages,
    }).read();

    expect(issues).toEqual([]);
    expect(listings.map(l => l.spec.documentation.readme)).toEqual([
      'Good',
      'Good',
    ]);
    expect(registry.requests.map(r => [r.path, r.authorization])).toEqual([
      ['/@acme/plugin-here', 'Bearer s3cret'],
      ['/@acme/plugin-elsewhere', 'Bearer s3cret'],
      ['/@acme/plugin-here/-/plugin-here-1.0.0.tgz', 'Bearer s3cret'],
    ]);
    expect(cdn.requests).toEqual([
      {
        path: '/@acme/plugin-elsewhere/-/plugin-elsewhere-1.0.0.tgz',
        rawPath: '/@acme/plugin-elsewhere/-/plugin-elsewhere-1.0.0.tgz',
        authorization: undefined,
      },
    ]);
  });

  it('reports a wrong or missing token for every package instead of failing', async () => {
    const wrong = await sourceFor({
      registry: registry.url,
      token: 'guess',
      packages,
    }).read();
    expect(wrong).toEqual({
      listings: [],
      issues: packages.map(ref => ({
        source: 'npm',
        ref,
        message:
          'the registry refused the token (HTTP 401 Unauthorized); check marketplace.sources.npm.token',
      })),
    });

    const missing = await sourceFor({
      registry: registry.url,
      packages,
    }).read();
    expect(missing.issues.map(i => i.message)).toEqual([
      'the registry requires a token (HTTP 401 Unauthorized); set marketplace.sources.npm.token',
      'the registry requires a token (HTTP 401 Unauthorized); set marketplace.sources.npm.token',
    ]);
  });
});
