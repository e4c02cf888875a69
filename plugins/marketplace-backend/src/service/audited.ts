import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

/**
 * Runs a change as one audit event: who asked, what (`meta`), and how it
 * ended (`outcome` of the result, or the error).
 */
export type Audited = <T>(
  req: Request,
  eventId: string,
  meta: JsonObject,
  work: () => Promise<T>,
  outcome: (result: T) => JsonObject,
) => Promise<T>;

/** The audit wrapper of every marketplace router that changes something. */
export function createAudited(auditor: AuditorService): Audited {
  return async (req, eventId, meta, work, outcome) => {
    const event = await auditor.createEvent({ eventId, request: req, severityLevel: 'medium', meta });
    try {
      const result = await work();
      await event.success({ meta: outcome(result) });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  };
}
