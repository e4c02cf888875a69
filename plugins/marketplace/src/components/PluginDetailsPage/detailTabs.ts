import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/** The tabs of a plugin's details, in the order they are shown. */
export const DETAIL_TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'versions', label: 'Versions' },
  { id: 'changelog', label: 'Changelog' },
  { id: 'dependencies', label: 'Dependencies' },
  { id: 'quality', label: 'Quality' },
  { id: 'permissions', label: 'Permissions' },
  { id: 'configuration', label: 'Configuration' },
] as const;

/** One of {@link DETAIL_TABS}. */
export type DetailTab = (typeof DETAIL_TABS)[number]['id'];

/**
 * The open tab, kept in the `tab` query parameter so that it can be bookmarked
 * and shared; an unknown or missing value opens the overview.
 */
export function useDetailTab(): [DetailTab, (tab: DetailTab) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('tab');
  const tab = DETAIL_TABS.find(t => t.id === requested)?.id ?? 'overview';
  const setTab = useCallback(
    (next: DetailTab) =>
      setSearchParams(current => {
        const params = new URLSearchParams(current);
        params.set('tab', next);
        return params;
      }),
    [setSearchParams],
  );
  return [tab, setTab];
}
