import { ConfigReader } from '@backstage/config';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FakeRegistry } from '../../sources/npm/__testUtils__/FakeRegistry';
import { makeTarball, sri, TarEntry } from '../../sources/npm/__testUtils__/packages';
import { ContentStore } from './ContentStore';
import { PackageDownloader, verifyIntegrity } from './PackageDownloader';
import { ExtractLimits, safeExtract, UnsafeArchiveError } from './safeExtract';

const LIMITS: ExtractLimits = { maxBytes: 1024 * 1024, maxEntries: 100, maxFileBytes: 512 * 1024 };
const MANIFEST = { version: '1.0.0', main: 'dist/index.cjs.js', backstage: { role: 'backend-plugin' } };

describe('Package downloads', () => {
  let registry: FakeRegistry;
  let root: string;
  let store: ContentStore;

  beforeEach(async () => {
    registry = await FakeRegistry.start({ token: 'secret-token' });
    root = await fs.mkdtemp(join(tmpdir(), 'marketplace-store-'));
    store = await ContentStore.create({ root: join(root, 'store') });
  });

  afterEach(async () => {
    await registry.stop();
    await fs.rm(root, { recursive: true, force: true });
  });

  function downloader(extra: { maxTarballBytes?: number } = {}) {
    return PackageDownloader.fromConfig(
      new ConfigReader({
        marketplace: { sources: { npm: { registry: registry.url, token: 'secret-token' } }, install: extra },
      }),
    );
  }

  /** Publishes a release and fetches it into the store the way the install steps do. */
  async function fetchIntoStore(name: string, entries: TarEntry[] = [], files: Record<string, string> = {}) {
    registry.addPackage(name, [{ manifest: MANIFEST, files, entries }]);
    const d = downloader();
    const dist = await d.resolve(name, '1.0.0');
    const temp = store.tempPath('job1', '.tgz');
    await d.download(dist, temp);
    const digest = await verifyIntegrity(temp, dist.integrity);
    await store.putTarball(temp, digest);
    return { digest, result: await store.extract(digest, 'job1', LIMITS) };
  }

  async function storeContents() {
    return {
      packages: await store.listPackages(),
      tmp: await fs.readdir(join(store.root, 'tmp')),
    };
  }

  it('resolves with the token, downloads, verifies sha512 and extracts into the content-addressed store', async () => {
    const { digest, result } = await fetchIntoStore('@acme/plugin-todo-backend', [], {
      'dist/index.cjs.js': 'module.exports = {};',
      'README.md': '# Todo',
    });
    expect(result).toMatchObject({ extracted: true, entries: 3 });
    expect(result.dir).toBe(join(store.root, 'sha512', digest));
    expect(JSON.parse(await fs.readFile(join(result.dir, 'package.json'), 'utf8')).name).toBe('@acme/plugin-todo-backend');
    expect(await fs.readFile(join(result.dir, 'dist/index.cjs.js'), 'utf8')).toBe('module.exports = {};');
    expect(await storeContents()).toEqual({ packages: [digest], tmp: [] });
    expect(registry.requests.every(r => r.authorization === 'Bearer secret-token')).toBe(true);
    // The same bytes again: kept once.
    expect(await store.extract(digest, 'job2', LIMITS)).toEqual({ dir: result.dir, extracted: false });
  });

  it('refuses a tarball whose sha512 does not match the packument and stores nothing', async () => {
    const [release] = registry.addPackage('@acme/tampered', [{ manifest: MANIFEST }]);
    registry.serveTarball('@acme/tampered', { ...release, tarball: makeTarball([{ path: 'package/package.json', content: '{}' }]) });
    const d = downloader();
    const dist = await d.resolve('@acme/tampered', '1.0.0');
    const temp = store.tempPath('job1', '.tgz');
    await d.download(dist, temp);
    await expect(verifyIntegrity(temp, dist.integrity)).rejects.toThrow(/sha512 integrity mismatch/);
    expect(await store.listPackages()).toEqual([]);
  });

  it('refuses a release whose packument has no sha512 integrity', async () => {
    registry.setPackument('@acme/old', {
      name: '@acme/old',
      versions: { '1.0.0': { ...MANIFEST, dist: { tarball: `${registry.url}/x.tgz`, shasum: 'abc' } } },
    });
    await expect(downloader().resolve('@acme/old', '1.0.0')).rejects.toThrow(/has no sha512 dist.integrity/);
    await expect(downloader().resolve('@acme/old', '2.0.0')).rejects.toThrow(/@acme\/old@2.0.0 is not in the registry/);
  });

  it('stops reading a tarball past the byte limit', async () => {
    registry.addPackage('@acme/huge', [{ manifest: MANIFEST, files: { 'blob.bin': randomBytes(100_000).toString('base64') } }], { chunked: true });
    const d = downloader({ maxTarballBytes: 1000 });
    const dist = await d.resolve('@acme/huge', '1.0.0');
    await expect(d.download(dist, store.tempPath('job1', '.tgz'))).rejects.toThrow(/larger than the limit of 1000 bytes/);
  });

  it('says when the registry refuses the token', async () => {
    const d = PackageDownloader.fromConfig(new ConfigReader({ marketplace: { sources: { npm: { registry: registry.url, token: 'wrong' } } } }));
    await expect(d.resolve('@acme/any', '1.0.0')).rejects.toThrow(/refused the token/);
  });

  it.each<[string, TarEntry[], RegExp]>([
    ['a path with ..', [{ path: 'package/../../escaped.txt', content: 'x' }], /has a "\.\." segment/],
    ['an absolute path', [{ path: '/tmp/marketplace-absolute.txt', content: 'x' }], /is an absolute path/],
    ['a symlink out of the package', [{ path: 'package/link', type: 'SymbolicLink', linkpath: '../../../etc/passwd' }], /link to "..\/..\/..\/etc\/passwd", outside/],
    ['an absolute symlink', [{ path: 'package/link', type: 'SymbolicLink', linkpath: '/etc/passwd' }], /outside the package/],
    ['a hard link out of the package', [{ path: 'package/hard', type: 'Link', linkpath: '../outside' }], /hard link/],
    ['a device file', [{ path: 'package/dev', type: 'CharacterDevice' as TarEntry['type'] }], /CharacterDevice entry/],
    ['a file past the per-file limit', [{ path: 'package/big.bin', content: Buffer.alloc(600 * 1024) }], /larger than 512 KiB/],
  ])('refuses %s and leaves no package and no temporary files', async (_name, entries, message) => {
    await expect(fetchIntoStore('@acme/hostile', entries)).rejects.toThrow(message);
    expect(await storeContents()).toEqual({ packages: [], tmp: [] });
    expect(existsSync(join(store.root, '..', 'escaped.txt'))).toBe(false);
    expect(existsSync('/tmp/marketplace-absolute.txt')).toBe(false);
  });

  it('refuses archives with too many entries or too many bytes in all', async () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ path: `package/f${i}.txt`, content: 'x' }));
    await expect(fetchIntoStore('@acme/many', many)).rejects.toThrow(/more than 100 entries/);
    const heavy = Array.from({ length: 3 }, (_, i) => ({ path: `package/f${i}.bin`, content: randomBytes(400 * 1024) }));
    await expect(fetchIntoStore('@acme/heavy', heavy)).rejects.toThrow(/unpacks to more than 1 MiB/);
    const bomb = [{ path: 'package/zeros.bin', content: Buffer.alloc(400 * 1024) }];
    await expect(fetchIntoStore('@acme/bomb', bomb)).rejects.toThrow(/decompression bomb/);
    expect(await storeContents()).toEqual({ packages: [], tmp: [] });
  });

  it('keeps links that stay inside the package', async () => {
    const { result } = await fetchIntoStore('@acme/links', [
      { path: 'package/dist/index.js', content: 'ok' },
      { path: 'package/main.js', type: 'SymbolicLink', linkpath: 'dist/index.js' },
      { path: 'package/dist/copy.js', type: 'Link', linkpath: 'package/dist/index.js' },
    ]);
    expect(await fs.readFile(join(result.dir, 'main.js'), 'utf8')).toBe('ok');
    expect(await fs.readFile(join(result.dir, 'dist/copy.js'), 'utf8')).toBe('ok');
  });

  it('refuses a file that is not a tar archive', async () => {
    const file = join(root, 'not.tgz');
    await fs.writeFile(file, gzipSync(Buffer.from('just text, not tar')));
    await expect(safeExtract(file, join(root, 'out'), LIMITS)).rejects.toBeInstanceOf(UnsafeArchiveError);
    expect(existsSync(join(root, 'out'))).toBe(false);
  });

  it('verifies against any sha512 in a multi-hash integrity string', async () => {
    const file = join(root, 'a.tgz');
    const data = makeTarball([{ path: 'package/package.json', content: '{}' }]);
    await fs.writeFile(file, data);
    await expect(verifyIntegrity(file, `sha1-abc ${sri(data)}`)).resolves.toMatch(/^[0-9a-f]{128}$/);
    await expect(verifyIntegrity(file, 'sha1-abc')).rejects.toThrow(/no sha512 digest/);
  });

  it('cleans what a killed job left in tmp/, but not what a running job is writing', async () => {
    await fs.writeFile(store.tempPath('dead-job', '.tgz'), 'partial');
    await fs.mkdir(store.tempPath('dead-job', '.d'));
    const running = store.tempPath('live-job', '.tgz');
    await fs.writeFile(running, 'in progress');
    const removed = await store.cleanTemp(new Set(['live-job']));
    expect(removed).toHaveLength(2);
    expect(await fs.readdir(join(store.root, 'tmp'))).toEqual([running.split('/').pop()]);
  });
});
