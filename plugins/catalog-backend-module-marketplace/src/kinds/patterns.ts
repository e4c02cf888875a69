/** A semantic version, with optional prerelease and build metadata. */
export const SEMVER_PATTERN =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$';

/** An npm package name, scoped or not, as npm accepts new ones. */
export const NPM_NAME_PATTERN =
  '^(?:@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*$';

/**
 * What each pattern means, so that a mismatch reads as
 * `spec.version must be a semantic version such as 1.2.3` rather than as the
 * regular expression.
 */
export const PATTERN_DESCRIPTIONS: Record<string, string> = {
  [SEMVER_PATTERN]: 'a semantic version such as 1.2.3',
  [NPM_NAME_PATTERN]: 'an npm package name such as @my-org/plugin-todo',
};
