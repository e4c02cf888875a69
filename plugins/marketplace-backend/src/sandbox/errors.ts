import { CustomErrorBase } from '@backstage/errors';
import { SandboxViolationKind } from '@internal/backstage-plugin-marketplace-node';

/**
 * A plugin ran into one of its limits or asked for something it may not
 * have. Thrown into the plugin (it can catch it) and recorded as a violation
 * in its health.
 */
export class SandboxLimitError extends CustomErrorBase {
  name = 'SandboxLimitError' as const;

  constructor(readonly kind: SandboxViolationKind, message: string) {
    super(message);
  }
}

/**
 * The plugin's isolate was ended (a limit that needs the isolate stopped, or
 * a crash); calls in flight fail with this.
 */
export class SandboxTerminatedError extends CustomErrorBase {
  name = 'SandboxTerminatedError' as const;

  constructor(readonly kind: SandboxViolationKind, message: string) {
    super(message);
  }
}

/** A route, action or task handler of the plugin threw. */
export class SandboxPluginError extends CustomErrorBase {
  name = 'SandboxPluginError' as const;
}
