import { RootConfigService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { DetectedEnvironment } from '@internal/backstage-plugin-marketplace-common';

// Hosts Backstage assumes for an integration entry without one.
const DEFAULT_HOSTS: Record<string, string> = {
  github: 'github.com',
  gitlab: 'gitlab.com',
  bitbucketCloud: 'bitbucket.org',
  azure: 'dev.azure.com',
  gerrit: '',
  googleGcs: 'storage.cloud.google.com',
  awsS3: 'amazonaws.com',
};

function hostOf(kind: string, entry: Config): string {
  const host = entry.getOptionalString('host');
  if (host) return host;
  for (const key of ['apiBaseUrl', 'baseUrl', 'endpoint']) {
    const url = entry.getOptional(key);
    if (typeof url === 'string') {
      try {
        return new URL(url).host;
      } catch {
        // not a URL: fall through to the default
      }
    }
  }
  return DEFAULT_HOSTS[kind] || kind;
}

function integrations(config: RootConfigService): DetectedEnvironment['integrations'] {
  const section = config.getOptionalConfig('integrations');
  if (!section) return [];
  const found: DetectedEnvironment['integrations'] = [];
  for (const kind of section.keys()) {
    const value = section.getOptional(kind);
    let entries: Config[] = [];
    if (Array.isArray(value)) entries = section.getOptionalConfigArray(kind) ?? [];
    else if (typeof value === 'object' && value !== null) entries = [section.getConfig(kind)];
    for (const entry of entries) found.push({ kind, host: hostOf(kind, entry) });
  }
  return found;
}

/**
 * What the app around the marketplace looks like, from the root config and
 * the names of the process's environment variables. Only whether a variable
 * is set is reported, never its value.
 */
export function detectEnvironment(options: {
  config: RootConfigService;
  backstageVersion?: string;
  /** The environment variables to report on. */
  names: Iterable<string>;
  env?: NodeJS.ProcessEnv;
}): DetectedEnvironment {
  const { config } = options;
  const env = options.env ?? process.env;
  const environmentVariables: Record<string, boolean> = {};
  for (const name of [...options.names].sort()) {
    environmentVariables[name] = Object.prototype.hasOwnProperty.call(env, name) && env[name] !== '';
  }
  return {
    backstageVersion: options.backstageVersion,
    database: config.getOptionalString('backend.database.client'),
    cache: config.getOptionalString('backend.cache.store'),
    integrations: integrations(config),
    environmentVariables,
    baseUrl: config.getOptionalString('backend.baseUrl'),
  };
}
