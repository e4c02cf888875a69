import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { promises as fs } from 'node:fs';
import { NpmRegistryClient } from '../../sources/npm/NpmRegistryClient';
import { sha512File } from './ContentStore';

const DEFAULT_REGISTRY = 'https://registry.npmjs.org';
const DEFAULT_MAX_TARBALL_BYTES = 64 * 1024 * 1024;

/**
 * Where a release's tarball is and what it must hash to.
 *
 * @public
 */
export interface PackageDist {
  tarball: string;
  /** `sha512-<base64>` from the packument's `dist.integrity`. */
  integrity: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads releases from the npm registry the marketplace is configured with
 * (`marketplace.sources.npm.registry` and `.token`, the same as the npm
 * source): the packument for where a tarball is and its integrity, then the
 * tarball itself, never more than `marketplace.install.maxTarballBytes`.
 *
 * @public
 */
export class PackageDownloader {
  private constructor(
    private readonly client: NpmRegistryClient,
    readonly registry: string,
    readonly token: string | undefined,
  ) {}

  static fromConfig(config: Config, options: { fetch?: typeof fetch } = {}): PackageDownloader {
    const npm = config.getOptionalConfig('marketplace.sources.npm');
    const registry = npm?.getOptionalString('registry') ?? DEFAULT_REGISTRY;
    if (!/^https?:\/\/[^/]/.test(registry) || !URL.canParse(registry)) {
      throw new InputError(`marketplace.sources.npm.registry must be an http(s) URL, got "${registry}"`);
    }
    const maxTarballBytes = config.getOptionalNumber('marketplace.install.maxTarballBytes') ?? DEFAULT_MAX_TARBALL_BYTES;
    if (!Number.isInteger(maxTarballBytes) || maxTarballBytes < 1) {
      throw new InputError(`marketplace.install.maxTarballBytes must be a positive whole number, got ${maxTarballBytes}`);
    }
    const token = npm?.getOptionalString('token') || undefined;
    const client = NpmRegistryClient.create({ registry, token, maxTarballBytes, fetch: options.fetch });
    return new PackageDownloader(client, registry, token);
  }

  /** The tarball and integrity of `name@version` from its packument. */
  async resolve(name: string, version: string, signal?: AbortSignal): Promise<PackageDist> {
    const packument = await this.client.packument(name, signal);
    if (!packument.ok) throw new Error(`${name}: the packument ${packument.message}`);
    const versions = isObject(packument.value) ? packument.value.versions : undefined;
    const release = isObject(versions) ? versions[version] : undefined;
    if (!isObject(release)) throw new Error(`${name}@${version} is not in the registry's packument`);
    const dist = release.dist;
    if (!isObject(dist) || typeof dist.tarball !== 'string') {
      throw new Error(`${name}@${version} has no dist.tarball in the packument`);
    }
    const integrity = typeof dist.integrity === 'string' ? dist.integrity : undefined;
    if (!integrity || !/(^|\s)sha512-[A-Za-z0-9+/=]+/.test(integrity)) {
      throw new Error(`${name}@${version} has no sha512 dist.integrity in the packument; it is not installed without one`);
    }
    return { tarball: dist.tarball, integrity };
  }

  /**
   * Downloads a tarball to `file` (the token goes to the configured
   * registry's host only). Integrity is checked by {@link verifyIntegrity}.
   */
  async download(dist: PackageDist, file: string, signal?: AbortSignal): Promise<number> {
    const result = await this.client.tarball({ tarball: dist.tarball }, signal);
    if (!result.ok) throw new Error(`the tarball ${result.message}`);
    await fs.writeFile(file, result.value, { flag: 'wx' });
    return result.value.length;
  }
}

/**
 * Checks a downloaded file against the packument's sha512 integrity and
 * returns its hex digest (its name in the store). Other algorithms in the
 * integrity string are ignored: sha512 is required.
 */
export async function verifyIntegrity(file: string, integrity: string): Promise<string> {
  const expected = integrity
    .trim()
    .split(/\s+/)
    .map(token => /^sha512-([A-Za-z0-9+/=]+)(?:\?.*)?$/.exec(token)?.[1])
    .filter((x): x is string => Boolean(x));
  if (expected.length === 0) throw new Error(`the integrity "${integrity.slice(0, 60)}" has no sha512 digest`);
  const hex = await sha512File(file);
  const actual = Buffer.from(hex, 'hex').toString('base64');
  if (!expected.includes(actual)) {
    throw new Error(`sha512 integrity mismatch: the packument says ${expected[0].slice(0, 16)}…, the tarball is ${actual.slice(0, 16)}…; it was not used`);
  }
  return hex;
}
