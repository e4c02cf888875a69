import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
} from '@backstage/plugin-permission-common';
import { Request } from 'express';

/**
 * Checks one permission for the caller of a request and returns the caller's
 * credentials; `NotAllowedError` (403) when it is not granted.
 */
export type AuthorizeRequest = (
  req: Request,
  permission: Permission,
  options?: { allow?: Array<'user' | 'service'> },
) => Promise<BackstageCredentials<BackstageUserPrincipal | BackstageServicePrincipal>>;

/**
 * The one permission check of every marketplace router. A resource permission
 * is one decision for all plugins: a conditional decision (a policy that
 * filters plugins) is refused until conditions are supported.
 */
export function createRequestAuthorizer(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): AuthorizeRequest {
  const { httpAuth, permissions } = options;
  return async (req, permission, request) => {
    const allow: Array<'user' | 'service'> = request?.allow ?? ['user', 'service'];
    const credentials = await httpAuth.credentials(req, { allow });
    const [decision] = isResourcePermission(permission)
      ? await permissions.authorizeConditional([{ permission }], { credentials })
      : await permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
    return credentials;
  };
}
