import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';

/** One entry of a test tarball; paths are written exactly as given. */
export interface TarEntry {
  path: string;
  content?: string | Buffer;
  type?: 'File' | 'SymbolicLink' | 'Link' | 'Directory';
  linkpath?: string;
}

/**
 * A gzipped tar archive built in memory, entry by entry, so tests can put
 * in what `npm pack` never would: `..` segments, absolute paths, links.
 */
export function makeTarball(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.content ?? '');
    const type = entry.type ?? 'File';
    const header = Buffer.alloc(512);
    new Header({
      path: entry.path,
      type,
      linkpath: entry.linkpath,
      size: type === 'File' ? body.length : 0,
      mode: type === 'Directory' ? 0o755 : 0o644,
      mtime: new Date('2025-01-01T00:00:00Z'),
      uid: 0,
      gid: 0,
    }).encode(header, 0);
    blocks.push(header);
    if (type === 'File' && body.length > 0) {
      blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** The SRI string npm writes into `dist.integrity`. */
export function sri(data: Buffer): string {
  return `sha512-${createHash('sha512').update(data).digest('base64')}`;
}

/** One release of a test package: its package.json and the other files of its tarball. */
export interface TestRelease {
  manifest: Record<string, unknown> & { version: string };
  /** Files under `package/` besides package.json, by path. */
  files?: Record<string, string>;
  /** Raw entries appended after the files, for hostile archives. */
  entries?: TarEntry[];
  /** Publication time; only the fake registry honours it. */
  publishedAt?: string;
}

/** A release with its tarball, ready to publish or serve. */
export interface BuiltRelease {
  version: string;
  /** The version entry of the packument, `dist` included. */
  manifest: Record<string, unknown>;
  tarball: Buffer;
  /** The tarball's file name, e.g. `plugin-todo-1.0.0.tgz`. */
  filename: string;
  publishedAt?: string;
}

/**
 * Packs a release the way `npm pack` lays it out (`package/package.json`
 * first) and describes it the way `npm publish` does.
 */
export function buildRelease(
  name: string,
  release: TestRelease,
  registryUrl: string,
): BuiltRelease {
  const manifest = { name, ...release.manifest };
  const tarball = makeTarball([
    {
      path: 'package/package.json',
      content: JSON.stringify(manifest, null, 2),
    },
    ...Object.entries(release.files ?? {}).map(([path, content]) => ({
      path: `package/${path}`,
      content,
    })),
    ...(release.entries ?? []),
  ]);
  const filename = `${name.replace(/^@[^/]+\//, '')}-${
    release.manifest.version
  }.tgz`;
  return {
    version: release.manifest.version,
    manifest: {
      ...manifest,
      dist: {
        tarball: `${registryUrl.replace(/\/$/, '')}/${name}/-/${filename}`,
        integrity: sri(tarball),
        shasum: createHash('sha1').update(tarball).digest('hex'),
      },
    },
    tarball,
    filename,
    publishedAt: release.publishedAt,
  };
}

/**
 * The body of `npm publish` for one release: PUT to `/<name>` with the
 * packument of that release and its tarball as a base64 attachment.
 */
export function publishBody(
  name: string,
  release: BuiltRelease,
): Record<string, unknown> {
  return {
    _id: name,
    name,
    description: release.manifest.description,
    'dist-tags': { latest: release.version },
    versions: {
      [release.version]: {
        ...release.manifest,
        _id: `${name}@${release.version}`,
      },
    },
    readme: '',
    _attachments: {
      [release.filename]: {
        content_type: 'application/octet-stream',
        data: release.tarball.toString('base64'),
        length: release.tarball.length,
      },
    },
  };
}
