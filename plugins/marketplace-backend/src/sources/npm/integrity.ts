import { createHash } from 'node:crypto';

// Strongest first: like npm, only the strongest algorithm on offer is checked.
const ALGORITHMS = ['sha512', 'sha384', 'sha256', 'sha1'] as const;

/** The outcome of checking downloaded bytes against what the registry promised. */
export type IntegrityCheck =
  | { ok: true; algorithm?: string }
  | { ok: false; field: 'integrity' | 'shasum'; message: string };

/**
 * Checks bytes against a packument's `dist.integrity` (Subresource Integrity,
 * e.g. `sha512-<base64>`, possibly several separated by spaces) or, for old
 * packages that only have it, the hex sha1 `dist.shasum`.
 * With neither there is nothing to check against, as for npm itself.
 */
export function checkIntegrity(
  data: Buffer,
  dist: { integrity?: string; shasum?: string },
): IntegrityCheck {
  if (dist.integrity !== undefined) {
    const expected = parseIntegrity(dist.integrity);
    const algorithm = ALGORITHMS.find(a => expected.has(a));
    if (!algorithm) {
      return {
        ok: false,
        field: 'integrity',
        message: `has no sha512, sha384, sha256 or sha1 digest: "${dist.integrity.slice(
          0,
          100,
        )}"`,
      };
    }
    const actual = createHash(algorithm).update(data).digest('base64');
    if (!expected.get(algorithm)!.includes(actual)) {
      return {
        ok: false,
        field: 'integrity',
        message: `does not match the downloaded tarball (${algorithm}-${actual}); the tarball was not used`,
      };
    }
    return { ok: true, algorithm };
  }
  if (dist.shasum !== undefined) {
    const actual = createHash('sha1').update(data).digest('hex');
    if (actual !== dist.shasum.toLowerCase()) {
      return {
        ok: false,
        field: 'shasum',
        message: `does not match the downloaded tarball (sha1 ${actual}); the tarball was not used`,
      };
    }
    return { ok: true, algorithm: 'sha1' };
  }
  return { ok: true };
}

function parseIntegrity(value: string): Map<string, string[]> {
  const digests = new Map<string, string[]>();
  for (const token of value.trim().split(/\s+/)) {
    // `sha512-<base64>?<options>`: the options are not part of the digest.
    const match =
      /^(sha512|sha384|sha256|sha1)-([A-Za-z0-9+/=]+)(?:\?.*)?$/.exec(token);
    if (match) {
      digests.set(match[1], [...(digests.get(match[1]) ?? []), match[2]]);
    }
  }
  return digests;
}
