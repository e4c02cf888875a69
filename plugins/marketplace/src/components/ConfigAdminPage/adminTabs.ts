import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/** The tabs of the managed-config page, in the order they are shown. */
export const ADMIN_TABS = [
  { id: 'yaml', label: 'Raw YAML' },
  { id: 'plugins', label: 'Per plugin' },
  { id: 'history', label: 'History' },
] as const;

/** One of {@link ADMIN_TABS}. */
export type AdminTab = (typeof ADMIN_TABS)[number]['id'];

/** A query parameter of the page, with a setter that keeps the others. */
export function useQueryParam(name: string): [string | undefined, (value: string | undefined) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const set = useCallback(
    (value: string | undefined) =>
      setSearchParams(current => {
        const params = new URLSearchParams(current);
        if (value) params.set(name, value);
        else params.delete(name);
        return params;
      }),
    [name, setSearchParams],
  );
  return [searchParams.get(name) ?? undefined, set];
}

/** The open tab, in the `tab` query parameter; unknown values open the raw YAML. */
export function useAdminTab(): [AdminTab, (tab: AdminTab) => void] {
  const [value, set] = useQueryParam('tab');
  const tab = ADMIN_TABS.find(t => t.id === value)?.id ?? 'yaml';
  return [tab, set];
}
