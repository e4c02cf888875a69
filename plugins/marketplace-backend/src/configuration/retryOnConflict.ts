import { ConflictError } from '@backstage/errors';

/**
 * Runs a read-then-save of the managed config again when another writer saved
 * between the read and the save (a ConflictError), up to `attempts` times.
 */
export async function retryOnConflict<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
    }
  }
}
