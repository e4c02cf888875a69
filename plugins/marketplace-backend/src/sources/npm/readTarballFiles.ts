import { JsonObject } from '@backstage/types';
import { Parser, ReadEntry } from 'tar';
import { formatBytes } from './readLimitedBody';
import { isObject } from './packageMetadata';

// README and schema files beyond this are not documentation anyone will read.
const MAX_FILE_BYTES = 2 * 1024 * 1024;
// Source text compresses 5-10×; far more than that is a decompression bomb.
const MAX_DECOMPRESSION_RATIO = 100;
const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
// Preferred first when a package ships several.
const README_NAMES = [
  /^readme\.md$/i,
  /^readme\.markdown$/i,
  /^readme\.(mdown|mkdn|mkd)$/i,
  /^readme$/i,
  /^readme\.txt$/i,
];

/** What the marketplace reads from a package tarball. */
export interface TarballFiles {
  /** Markdown of the README, when the package has one. */
  readme?: string;
  /** JSON Schema of the plugin's app-config, from `configSchema` of package.json. */
  configSchema?: JsonObject;
  /** Files that were there but could not be used, with why. */
  problems: Array<{ field: string; message: string }>;
}

/**
 * Reads the README and the config schema from an npm tarball in memory,
 * without writing anything to disk. Only regular files under `package/`
 * count: links, absolute paths and paths with `..` segments are ignored.
 * A `configSchema` naming a `.d.ts` file cannot become JSON Schema here and
 * is left out; one naming a `.json` file is read from the tarball.
 */
export async function readTarballFiles(tgz: Buffer): Promise<TarballFiles> {
  const problems: TarballFiles['problems'] = [];
  const first = await collect(
    tgz,
    path => path === 'package.json' || readmeRank(path) >= 0,
    problems,
  );

  const readmePath = [...first.keys()]
    .filter(path => readmeRank(path) >= 0)
    .sort((a, b) => readmeRank(a) - readmeRank(b))[0];
  const readme = readmePath
    ? first.get(readmePath)!.toString('utf8')
    : undefined;

  const manifest = first.get('package.json');
  if (!manifest) {
    problems.push({
      field: 'package/package.json',
      message: 'is missing from the tarball',
    });
    return { readme, problems };
  }
  const packageJson = parseJson(manifest);
  if (!isObject(packageJson)) {
    problems.push({
      field: 'package/package.json',
      message: 'is not a JSON object',
    });
    return { readme, problems };
  }

  const declared = packageJson.configSchema;
  if (declared === undefined) return { readme, problems };
  if (isObject(declared))
    return { readme, configSchema: declared as JsonObject, problems };
  if (typeof declared !== 'string') {
    problems.push({
      field: 'configSchema',
      message: 'must be a JSON Schema object or the path of a file',
    });
    return { readme, problems };
  }
  if (!/\.json$/i.test(declared)) {
    // Usually `config.d.ts`: turning TypeScript into JSON Schema needs the compiler.
    return { readme, problems };
  }
  const schemaPath = safePath(declared);
  if (!schemaPath) {
    problems.push({
      field: 'configSchema',
      message: `"${declared}" is not a path inside the package`,
    });
    return { readme, problems };
  }
  const second = await collect(tgz, path => path === schemaPath, problems);
  const file = second.get(schemaPath);
  const schema = file && parseJson(file);
  if (!isObject(schema)) {
    problems.push({
      field: 'configSchema',
      message: file
        ? `"${declared}" is not a JSON object`
        : `"${declared}" is not a file in the tarball`,
    });
    return { readme, problems };
  }
  return { readme, configSchema: schema as JsonObject, problems };
}

/**
 * Reads the regular files under `package/` that `wanted` picks (by their
 * path below `package/`); the first of each path wins.
 */
function collect(
  tgz: Buffer,
  wanted: (path: string) => boolean,
  problems: TarballFiles['problems'],
): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const files = new Map<string, Buffer>();
    const pending: Promise<void>[] = [];
    const parser = new Parser({
      strict: false,
      maxDecompressionRatio: MAX_DECOMPRESSION_RATIO,
      filter: (path, entry) => {
        const inside = packagePath(path);
        return (
          FILE_TYPES.has((entry as ReadEntry).type) &&
          inside !== undefined &&
          !files.has(inside) &&
          wanted(inside)
        );
      },
      onReadEntry: entry => {
        const path = packagePath(entry.path)!;
        if (entry.size > MAX_FILE_BYTES) {
          problems.push({
            field: `package/${path}`,
            message: `is larger than ${formatBytes(MAX_FILE_BYTES)}; not read`,
          });
          entry.resume();
          return;
        }
        pending.push(
          entry.concat().then(data => {
            if (!files.has(path)) files.set(path, data);
          }),
        );
      },
    });
    let badArchive = false;
    parser.on('warn', (code: string) => {
      badArchive ||= code === 'TAR_BAD_ARCHIVE';
    });
    parser.on('error', (error: Error) =>
      reject(new Error(`the tarball cannot be read: ${error.message}`)),
    );
    parser.on('end', () => {
      if (badArchive) {
        reject(new Error('the tarball is not a tar archive'));
        return;
      }
      Promise.all(pending).then(() => resolve(files), reject);
    });
    parser.end(tgz);
  });
}

/** The path of an entry below `package/`, or undefined when it is outside or unsafe. */
function packagePath(path: string): string | undefined {
  const safe = safePath(path);
  if (!safe?.startsWith('package/')) return undefined;
  return safe.slice('package/'.length) || undefined;
}

/**
 * A relative path with `.` segments and duplicate slashes removed, or
 * undefined for absolute paths and any `..` segment (never resolved, so
 * `a/../b` cannot stand in for `b`).
 */
function safePath(path: string): string | undefined {
  if (/^([/\\]|[a-zA-Z]:)/.test(path)) return undefined;
  const segments = path.split(/[/\\]+/);
  if (segments.includes('..')) return undefined;
  const clean = segments.filter(s => s && s !== '.').join('/');
  return clean || undefined;
}

function readmeRank(path: string): number {
  if (path.includes('/')) return -1;
  return README_NAMES.findIndex(pattern => pattern.test(path));
}

function parseJson(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
}
