import semver from 'semver';

/**
 * Whether a plugin that declares `range` (its `backstageVersion`) fits an app
 * on Backstage `version`. A plugin that declares nothing is taken to fit.
 *
 * @public
 */
export function isCompatible(range: string | undefined, version: string): boolean {
  if (!range) return true;
  return semver.satisfies(version, range, { includePrerelease: true });
}
