import { useApi } from '@backstage/frontend-plugin-api';
import { JsonObject } from '@backstage/types';
import {
  ConfigFieldError,
  ConfigValidation,
} from '@internal/backstage-plugin-marketplace-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { marketplaceApiRef } from '../../api';

/** How long typing pauses before the configuration is validated. */
export const VALIDATION_DELAY_MS = 400;

/** What the backend said about the configuration last validated. */
export interface ConfigValidationState {
  /** `stale` while the configuration changed since it was last validated. */
  status: 'idle' | 'stale' | 'valid' | 'invalid' | 'failed';
  errors: ConfigFieldError[];
  /** Why validation could not run, when `failed`. */
  error?: Error;
  /** Validates the current configuration at once (e.g. on Next) and returns the answer. */
  validateNow: () => Promise<ConfigValidation | undefined>;
}

/**
 * Validates a plugin's configuration with the backend as the user types,
 * debounced; answers to older input are dropped, so errors always belong to
 * what is on screen once typing stops.
 */
export function useConfigValidation(
  pluginId: string,
  config: JsonObject | undefined,
  enabled: boolean,
): ConfigValidationState {
  const marketplaceApi = useApi(marketplaceApiRef);
  const [state, setState] = useState<Omit<ConfigValidationState, 'validateNow'>>({
    status: 'idle',
    errors: [],
  });
  const validated = useRef<JsonObject | undefined>(undefined);
  const latest = useRef(0);

  const run = useCallback(
    async (value: JsonObject): Promise<ConfigValidation | undefined> => {
      const request = ++latest.current;
      try {
        const result = await marketplaceApi.validatePluginConfig(pluginId, value);
        if (request === latest.current) {
          validated.current = value;
          setState({ status: result.valid ? 'valid' : 'invalid', errors: result.errors });
        }
        return result;
      } catch (error) {
        if (request === latest.current) {
          validated.current = value;
          setState(current => ({ status: 'failed', errors: current.errors, error: error as Error }));
        }
        return undefined;
      }
    },
    [marketplaceApi, pluginId],
  );

  useEffect(() => {
    if (!enabled || !config || config === validated.current) return undefined;
    setState(current => ({ ...current, status: 'stale' }));
    const timer = setTimeout(() => run(config), VALIDATION_DELAY_MS);
    return () => clearTimeout(timer);
  }, [enabled, config, run]);

  const validateNow = useCallback(
    async () => (enabled && config ? run(config) : undefined),
    [enabled, config, run],
  );

  return { ...state, validateNow };
}
