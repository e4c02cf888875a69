import { PluginAuthor } from '@internal/backstage-plugin-marketplace-common';

// Keywords nearly every Backstage package carries: they say nothing about what it does.
const GENERIC_KEYWORDS = new Set([
  'backstage',
  'backstage-io',
  'backstage.io',
  'backstage-plugin',
  'backstage-backend-plugin',
  'backstage-frontend-plugin',
  'backstage-backend',
  'backstage-frontend',
  'plugin',
  'plugins',
  'backend',
  'backend-plugin',
  'frontend',
  'frontend-plugin',
  'module',
  'backend-module',
]);

const MAX_TAGS = 20;

const GIT_HOSTS: Record<string, string> = {
  github: 'github.com',
  gitlab: 'gitlab.com',
  bitbucket: 'bitbucket.org',
};

/**
 * Reads an npm `author` (or `maintainers` entry): either an object or the
 * string form `Name <email> (url)`, each part optional but the name.
 */
export function parseAuthor(value: unknown): PluginAuthor | undefined {
  if (typeof value === 'string') {
    const match = /^\s*([^<(]*?)\s*(?:<([^>]*)>)?\s*(?:\(([^)]*)\))?\s*$/.exec(
      value,
    );
    const name = match?.[1]?.trim();
    if (!name) return undefined;
    return withoutEmpty({
      name,
      email: match?.[2]?.trim(),
      url: match?.[3]?.trim(),
    });
  }
  if (isObject(value) && typeof value.name === 'string' && value.name.trim()) {
    return withoutEmpty({
      name: value.name.trim(),
      email: typeof value.email === 'string' ? value.email.trim() : undefined,
      url: typeof value.url === 'string' ? value.url.trim() : undefined,
    });
  }
  return undefined;
}

/**
 * Turns an npm `repository` into a URL a browser opens: `git+https://…git`,
 * `git+ssh://git@host/…`, `git@host:owner/repo.git`, `git://…` and the
 * `github:owner/repo` / `owner/repo` shorthands become `https://host/owner/repo`;
 * a monorepo `directory` is appended as a tree path on GitHub.
 */
export function normalizeRepositoryUrl(value: unknown): string | undefined {
  let raw: unknown = value;
  if (isObject(value)) raw = value.url;
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  const url = toHttpsUrl(raw.trim());
  if (!url) return undefined;
  const directory =
    isObject(value) && typeof value.directory === 'string'
      ? value.directory
      : undefined;
  if (directory && url.startsWith('https://github.com/')) {
    const clean = directory
      .split('/')
      .filter(s => s && s !== '.' && s !== '..')
      .join('/');
    return clean ? `${url}/tree/HEAD/${clean}` : url;
  }
  return url;
}

function toHttpsUrl(raw: string): string | undefined {
  const shorthand =
    /^(?:(github|gitlab|bitbucket):)?([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:#.*)?$/.exec(
      raw,
    );
  if (shorthand && !raw.includes('://')) {
    return `https://${GIT_HOSTS[shorthand[1] ?? 'github']}/${shorthand[2]}/${
      shorthand[3]
    }`;
  }
  const gist = /^gist:([\w-]+)$/.exec(raw);
  if (gist) return `https://gist.github.com/${gist[1]}`;
  // scp-like ssh: git@github.com:owner/repo.git
  const scp = /^[\w.-]+@([\w.-]+):(?!\/\/)(.+)$/.exec(raw);
  const candidate = scp
    ? `https://${scp[1]}/${scp[2]}`
    : raw.replace(/^git\+/, '');
  let parsed: URL;
  try {
    parsed = new URL(candidate);
  } catch {
    return undefined;
  }
  if (!['https:', 'http:', 'git:', 'ssh:'].includes(parsed.protocol))
    return undefined;
  const path = parsed.pathname.replace(/\.git$/, '').replace(/\/+$/, '');
  return `https://${parsed.hostname}${path}`;
}

/** The URL of an npm `bugs` field: a string or `{ url, email }`. */
export function bugsUrl(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (isObject(value) && typeof value.url === 'string' && value.url.trim())
    return value.url.trim();
  return undefined;
}

/** npm `keywords` as given: normally an array, sometimes one comma- or space-separated string. */
export function readKeywords(value: unknown): string[] {
  if (Array.isArray(value))
    return value.filter((k): k is string => typeof k === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/**
 * Tags from npm keywords: slugs that match the specification's tag pattern,
 * without duplicates and without the generic words every plugin carries.
 */
export function tagsFromKeywords(keywords: string[]): string[] {
  const tags = new Set<string>();
  for (const keyword of keywords) {
    const tag = keyword
      .toLowerCase()
      .trim()
      .replace(/[^a-z0-9:+#.-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 63)
      .replace(/[-.:]+$/, '');
    if (tag && !GENERIC_KEYWORDS.has(tag)) tags.add(tag);
    if (tags.size === MAX_TAGS) break;
  }
  return [...tags];
}

/** A JSON pointer (RFC 6901) to a field: `pointer('versions', '1.0.0', 'dist')` → `/versions/1.0.0/dist`. */
export function pointer(...segments: string[]): string {
  return `/${segments
    .map(s => s.replace(/~/g, '~0').replace(/\//g, '~1'))
    .join('/')}`;
}

/** Whether a value is a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutEmpty(author: PluginAuthor): PluginAuthor {
  const result: PluginAuthor = { name: author.name };
  if (author.email) result.email = author.email;
  if (author.url) result.url = author.url;
  return result;
}
