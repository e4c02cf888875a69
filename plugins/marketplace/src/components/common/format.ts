import { PLUGIN_CATEGORIES } from '@internal/backstage-plugin-marketplace-common';

const CATEGORY_TITLES = new Map<string, string>(PLUGIN_CATEGORIES.map(c => [c.id, c.title]));

/** The title of a category id, or the id itself when unknown. */
export function categoryTitle(id: string): string {
  return CATEGORY_TITLES.get(id) ?? id;
}

/** 1234567 → "1.2M", 12345 → "12.3k". */
export function formatCount(value: number): string {
  if (value >= 1_000_000) return `${(value / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
  if (value >= 1_000) return `${(value / 1_000).toFixed(1).replace(/\.0$/, '')}k`;
  return String(value);
}

const ROLE_TITLES: Record<string, string> = {
  'frontend-plugin': 'Frontend',
  'frontend-plugin-module': 'Frontend module',
  'backend-plugin': 'Backend',
  'backend-plugin-module': 'Backend module',
  'common-library': 'Common library',
  'web-library': 'Web library',
  'node-library': 'Node library',
  cli: 'CLI',
  other: 'Other',
};

/** A package role as people say it. */
export function roleTitle(role: string): string {
  return ROLE_TITLES[role] ?? role;
}

/** "3 days ago", "2 months ago"; relative to `now`. */
export function timeAgo(iso: string | undefined, now = Date.now()): string | undefined {
  if (!iso) return undefined;
  const days = Math.floor((now - Date.parse(iso)) / 86_400_000);
  if (Number.isNaN(days)) return undefined;
  if (days < 1) return 'today';
  if (days < 30) return `${days} day${days === 1 ? '' : 's'} ago`;
  const months = Math.floor(days / 30);
  if (months < 12) return `${months} month${months === 1 ? '' : 's'} ago`;
  const years = Math.floor(days / 365);
  return `${years} year${years === 1 ? '' : 's'} ago`;
}
