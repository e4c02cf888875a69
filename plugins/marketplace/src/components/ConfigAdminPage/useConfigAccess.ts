import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../../api';

/** Whether the backend refused a request as not allowed (403). */
export function isForbidden(error: unknown): boolean {
  const e = error as { statusCode?: number; name?: string } | undefined;
  return e?.statusCode === 403 || e?.name === 'NotAllowedError';
}

/**
 * Whether the user may edit the managed config. The backend allows it only on
 * an unconditional `marketplace.plugin.configure` decision for the user
 * (one decision for the file every plugin shares), a question the permission
 * API cannot ask from the browser: it refuses a resource permission without
 * a resource. So the page asks the backend itself, by reading the file, and
 * a 403 is the answer "no".
 */
export function useConfigAccess(): { loading: boolean; allowed: boolean; error?: Error } {
  const marketplaceApi = useApi(marketplaceApiRef);
  const { value, loading, error } = useAsync(async () => {
    try {
      await marketplaceApi.getManagedConfig();
      return true;
    } catch (e) {
      if (isForbidden(e)) return false;
      throw e;
    }
  }, [marketplaceApi]);
  return { loading, allowed: value === true, error };
}
