import { useApi } from '@backstage/frontend-plugin-api';
import { AppEnvironment } from '@internal/backstage-plugin-marketplace-common';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../api';

/**
 * The app's environment (its Backstage release), or an empty one while it
 * loads or when it cannot be read: compatibility then shows as unknown.
 */
export function useAppEnvironment(): AppEnvironment {
  const marketplaceApi = useApi(marketplaceApiRef);
  const { value } = useAsync(() => marketplaceApi.getEnvironment(), [marketplaceApi]);
  return value ?? {};
}
