import { targetPaths } from '@backstage/cli-common';

/**
 * The monorepo root, as Backstage's tooling (and the dynamic feature
 * service) finds it; the working directory outside a monorepo.
 */
export function monorepoRoot(): string {
  try {
    return targetPaths.rootDir;
  } catch {
    return process.cwd();
  }
}
