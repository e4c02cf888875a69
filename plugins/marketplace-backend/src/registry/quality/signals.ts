import { licenseKind } from './licenses';

/**
 * What one signal found: a score from 0 to 1 and a sentence saying why.
 *
 * @public
 */
export interface SignalResult {
  score: number;
  detail: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Monthly downloads at which popularity scores full. */
export const FULL_POPULARITY_DOWNLOADS = 10_000;

// A README that is mostly a title and a badge tells an adopter nothing; one
// of this length usually covers what the plugin does and how to set it up.
const README_LONG = 2000;
const README_MEDIUM = 500;

const USAGE_HEADING =
  /^\s{0,3}#{1,6}\s*(?:install(?:ation|ing)?|usage|getting\s+started|set\s*up|setup|configur(?:e|ation|ing)|quick\s*start)\b/im;
const INSTALL_COMMAND = /\b(?:yarn(?:\s+--cwd\s+\S+)?\s+add|npm\s+(?:install|i)|pnpm\s+add)\s+@?[\w./-]/i;

const round2 = (value: number) => Math.round(value * 100) / 100;

const formatCount = (value: number) => new Intl.NumberFormat('en-US').format(value);

/**
 * The README and description: present, long enough to be useful, and saying
 * how to install or use the plugin. Parts: description 0.2, README 0.3,
 * README length up to 0.25, install or usage section 0.25.
 *
 * @public
 */
export function documentationSignal(readme?: string, description?: string): SignalResult {
  const text = readme?.trim() ?? '';
  const hasDescription = Boolean(description?.trim());
  const parts: string[] = [hasDescription ? 'description present' : 'no description'];
  let score = hasDescription ? 0.2 : 0;

  if (!text) {
    parts.unshift('No README');
    return { score, detail: `${parts.join('; ')}.` };
  }
  score += 0.3;
  if (text.length >= README_LONG) {
    score += 0.25;
  } else if (text.length >= README_MEDIUM) {
    score += 0.15;
  }
  const hasUsage = USAGE_HEADING.test(text) || INSTALL_COMMAND.test(text);
  if (hasUsage) {
    score += 0.25;
  }
  parts.unshift(
    `README of ${formatCount(text.length)} characters ${
      hasUsage ? 'with' : 'without'
    } installation or usage instructions`,
  );
  return { score: round2(score), detail: `${parts.join('; ')}.` };
}

/**
 * The license: OSI-approved SPDX ids score full, anything else declared
 * (proprietary, `UNLICENSED`, an unknown id) half, none zero.
 *
 * @public
 */
export function licenseSignal(license?: string): SignalResult {
  switch (licenseKind(license)) {
    case 'osi-approved':
      return { score: 1, detail: `Licensed under ${license!.trim()}, an OSI-approved license.` };
    case 'other':
      return {
        score: 0.5,
        detail: `Licensed under "${license!.trim()}", which is not a recognised OSI-approved SPDX license.`,
      };
    default:
      return { score: 0, detail: 'No license declared.' };
  }
}

function describeAge(days: number): string {
  if (days <= 90) {
    return days === 1 ? '1 day ago' : `${days} days ago`;
  }
  if (days < 730) {
    return `${Math.round(days / 30)} months ago`;
  }
  return `${(days / 365).toFixed(1)} years ago`;
}

/**
 * How recently the plugin was released: within 90 days full, within a year
 * 0.75, within two years 0.35, older or unknown 0.1 (an old release may still
 * work, so it is never zero).
 *
 * @public
 */
export function recencySignal(publishedAt: string | undefined, now: Date): SignalResult {
  const published = publishedAt ? Date.parse(publishedAt) : NaN;
  if (Number.isNaN(published)) {
    return { score: 0.1, detail: 'No release date known.' };
  }
  // A date in the future is clock skew between registry and host: count it as today.
  const days = Math.max(0, Math.floor((now.getTime() - published) / DAY_MS));
  const age = `Newest release ${describeAge(days)}`;
  if (days <= 90) {
    return { score: 1, detail: `${age}.` };
  }
  if (days <= 365) {
    return { score: 0.75, detail: `${age}, within the last year.` };
  }
  if (days <= 730) {
    return { score: 0.35, detail: `${age}, within the last two years.` };
  }
  return { score: 0.1, detail: `${age}: more than two years without a release.` };
}

/**
 * Monthly downloads on a log scale, so that 100 downloads is half of
 * 10,000 rather than a hundredth: each tenfold counts the same.
 *
 * @public
 */
export function popularitySignal(downloadsMonthly?: number): SignalResult {
  if (downloadsMonthly === undefined || !Number.isFinite(downloadsMonthly) || downloadsMonthly < 0) {
    return { score: 0, detail: 'Downloads unknown.' };
  }
  const downloads = Math.floor(downloadsMonthly);
  const score = Math.min(
    1,
    Math.log10(1 + downloads) / Math.log10(1 + FULL_POPULARITY_DOWNLOADS),
  );
  return {
    score: round2(score),
    detail: `${formatCount(downloads)} downloads a month${
      downloads >= FULL_POPULARITY_DOWNLOADS ? '' : ` (full score at ${formatCount(FULL_POPULARITY_DOWNLOADS)})`
    }.`,
  };
}

/**
 * Whether the packages ship TypeScript types.
 *
 * @public
 */
export function typesSignal(hasTypes?: boolean): SignalResult {
  if (hasTypes === undefined) {
    return { score: 0, detail: 'Not known whether TypeScript types are shipped.' };
  }
  return hasTypes
    ? { score: 1, detail: 'Ships TypeScript types.' }
    : { score: 0, detail: 'Ships no TypeScript types.' };
}

/**
 * Whether the plugin declares a schema for its app-config, so that mistakes
 * in configuration are caught at start-up.
 *
 * @public
 */
export function configSchemaSignal(hasConfigSchema?: boolean): SignalResult {
  return hasConfigSchema
    ? { score: 1, detail: 'Declares a configuration schema.' }
    : { score: 0, detail: 'Declares no configuration schema.' };
}

// The forms npm accepts in package.json `repository`.
const REPOSITORY_URL = [
  /^(?:git\+)?(?:https?|ssh|git):\/\/\S+$/i,
  /^git@[\w.-]+:\S+$/i,
  /^(?:(?:github|gitlab|bitbucket|gist):)?[\w.-]+\/[\w.-]+$/i,
];

/**
 * Whether the source can be found: a URL or one of npm's shorthands
 * (`owner/repo`, `github:owner/repo`) full, something else half, nothing zero.
 *
 * @public
 */
export function repositorySignal(repository?: string): SignalResult {
  const value = repository?.trim();
  if (!value) {
    return { score: 0, detail: 'No source repository linked.' };
  }
  if (REPOSITORY_URL.some(pattern => pattern.test(value))) {
    return { score: 1, detail: `Source repository: ${value}.` };
  }
  return { score: 0.5, detail: `Repository given as "${value}", which is not a link.` };
}
