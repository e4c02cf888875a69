import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { makeTarball, TarEntry } from './__testUtils__/packages';
import { readTarballFiles } from './readTarballFiles';

const packageJson = (fields: Record<string, unknown> = {}): TarEntry => ({
  path: 'package/package.json',
  content: JSON.stringify({
    name: '@acme/plugin-x',
    version: '1.0.0',
    ...fields,
  }),
});

describe('readTarballFiles', () => {
  it('reads the README whatever its case and an inline config schema', async () => {
    const schema = { type: 'object', properties: { x: { type: 'string' } } };
    const files = await readTarballFiles(
      makeTarball([
        packageJson({ configSchema: schema }),
        {
          path: 'package/docs/README.md',
          content: 'nested, not the package README',
        },
        { path: 'package/ReadMe.MarkDown', content: '# X\nHello' },
      ]),
    );
    expect(files).toEqual({
      readme: '# X\nHello',
      configSchema: schema,
      problems: [],
    });
  });

  it('prefers README.md over a plain README and reads a config schema from a relative .json path', async () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema',
      type: 'object',
    };
    const files = await readTarballFiles(
      makeTarball([
        { path: 'package/README', content: 'plain' },
        packageJson({ configSchema: './schema//config.json' }),
        { path: 'package/readme.md', content: 'markdown' },
        { path: 'package/schema/config.json', content: JSON.stringify(schema) },
      ]),
    );
    expect(files).toEqual({
      readme: 'markdown',
      configSchema: schema,
      problems: [],
    });
  });

  it('leaves a TypeScript config schema unset without complaint', async () => {
    const files = await readTarballFiles(
      makeTarball([
        packageJson({ configSchema: 'config.d.ts' }),
        { path: 'package/config.d.ts', content: 'export interface Config {}' },
      ]),
    );
    expect(files).toEqual({ readme: undefined, problems: [] });
  });

  it('ignores links, absolute paths and paths with .. segments, even placed first', async () => {
    const files = await readTarballFiles(
      makeTarball([
        {
          path: 'package/README.md',
          type: 'SymbolicLink',
          linkpath: '/etc/passwd',
        },
        { path: 'package/readme.md', type: 'Link', linkpath: 'package/secret' },
        { path: '/package/README.md', content: 'absolute' },
        { path: 'package/docs/../README.md', content: 'traversal' },
        { path: 'package/../package/README.md', content: 'traversal again' },
        {
          path: 'package/../package/package.json',
          content: JSON.stringify({ configSchema: { evil: true } }),
        },
        packageJson({ configSchema: 'schema/../../outside.json' }),
        { path: 'outside.json', content: '{"type":"object"}' },
        { path: 'package/README.md', content: 'genuine' },
      ]),
    );
    expect(files.readme).toBe('genuine');
    expect(files.configSchema).toBeUndefined();
    expect(files.problems).toEqual([
      {
        field: 'configSchema',
        message: '"schema/../../outside.json" is not a path inside the package',
      },
    ]);
  });

  it('reports a config schema file that is missing or not a JSON object', async () => {
    const missing = await readTarballFiles(
      makeTarball([packageJson({ configSchema: 'nope.json' })]),
    );
    expect(missing.problems).toEqual([
      {
        field: 'configSchema',
        message: '"nope.json" is not a file in the tarball',
      },
    ]);
    const notObject = await readTarballFiles(
      makeTarball([
        packageJson({ configSchema: 'list.json' }),
        { path: 'package/list.json', content: '[1, 2]' },
      ]),
    );
    expect(notObject.problems).toEqual([
      { field: 'configSchema', message: '"list.json" is not a JSON object' },
    ]);
    expect(notObject.configSchema).toBeUndefined();
  });

  it('reports a missing or broken package.json but still reads the README', async () => {
    const missing = await readTarballFiles(
      makeTarball([{ path: 'package/README.md', content: 'hi' }]),
    );
    expect(missing).toEqual({
      readme: 'hi',
      problems: [
        {
          field: 'package/package.json',
          message: 'is missing from the tarball',
        },
      ],
    });
    const broken = await readTarballFiles(
      makeTarball([{ path: 'package/package.json', content: '{nope' }]),
    );
    expect(broken.problems).toEqual([
      { field: 'package/package.json', message: 'is not a JSON object' },
    ]);
  });

  it('refuses a decompression bomb and data that is no tarball', async () => {
    const bomb = gzipSync(Buffer.alloc(5 * 1024 * 1024));
    await expect(readTarballFiles(bomb)).rejects.toThrow(
      /^the tarball cannot be read: max decompression ratio exceeded/,
    );
    await expect(
      readTarballFiles(Buffer.from('definitely not a tarball')),
    ).rejects.toThrow('the tarball is not a tar archive');
    await expect(
      readTarballFiles(gzipSync('gzipped, but no tar inside')),
    ).rejects.toThrow('the tarball is not a tar archive');
  });

  it('skips a README too large to be documentation', async () => {
    const files = await readTarballFiles(
      makeTarball([
        packageJson(),
        { path: 'package/README.md', content: randomBytes(3 * 1024 * 1024) },
      ]),
    );
    expect(files.readme).toBeUndefined();
    expect(files.problems).toEqual([
      { field: 'package/README.md', message: 'is larger than 2 MiB; not read' },
    ]);
  });
});
