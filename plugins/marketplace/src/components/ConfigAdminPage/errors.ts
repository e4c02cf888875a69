import { ResponseError } from '@backstage/errors';

/** Whether the backend refused a save because the config moved on since it was read (409). */
export function isConflict(error: unknown): boolean {
  const e = error as { statusCode?: number; name?: string } | undefined;
  return e?.statusCode === 409 || e?.name === 'ConflictError';
}

/** The backend's own message for a failed request, without the HTTP preamble. */
export function messageOf(error: Error): string {
  if (error instanceof ResponseError) return error.body.error.message || error.message;
  return error.message;
}
