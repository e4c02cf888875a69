import { LoggerService, RootConfigService } from '@backstage/backend-plugin-api';
import fs from 'fs/promises';
import path from 'path';
import semver from 'semver';
import { AppEnvironment } from '@internal/backstage-plugin-marketplace-common';

/** How far up from the working directory `backstage.json` is looked for (packages/backend → repo root). */
const MAX_PARENT_DIRS = 4;

async function findBackstageJson(from: string): Promise<string | undefined> {
  let dir = path.resolve(from);
  for (let i = 0; i <= MAX_PARENT_DIRS; i++) {
    const candidate = path.join(dir, 'backstage.json');
    if (await fs.stat(candidate).then(stat => stat.isFile(), () => false)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/**
 * Reads the app's Backstage release: `marketplace.backstageVersion` in config
 * when set (an image without backstage.json), otherwise the `version` of the
 * repository's `backstage.json`, as `backstage-cli versions:bump` keeps it.
 *
 * @public
 */
export async function readAppEnvironment(options: {
  config: RootConfigService;
  logger: LoggerService;
  cwd?: string;
}): Promise<AppEnvironment> {
  const { config, logger } = options;
  const configured = config.getOptionalString('marketplace.backstageVersion');
  if (configured !== undefined) {
    const version = semver.valid(semver.coerce(configured));
    if (!version) {
      logger.warn(
        `marketplace.backstageVersion must be a version like 1.55.0, got '${configured}'; compatibility is unknown`,
      );
    }
    return { backstageVersion: version ?? undefined };
  }
  const file = await findBackstageJson(options.cwd ?? process.cwd());
  if (!file) return {};
  try {
    const { version } = JSON.parse(await fs.readFile(file, 'utf8'));
    const valid = typeof version === 'string' ? semver.valid(version) : null;
    if (!valid) {
      logger.warn(`${file}: 'version' is not a version (${JSON.stringify(version)}); compatibility is unknown`);
    }
    return { backstageVersion: valid ?? undefined };
  } catch (error) {
    logger.warn(`${file} could not be read: ${error}; compatibility is unknown`);
    return {};
  }
}
