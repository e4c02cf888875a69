import { LoggerService } from '@backstage/backend-plugin-api';

/** The exit code with which the backend asks its supervisor to start it again. */
export const RESTART_EXIT_CODE = 75;

/**
 * How the admin's restart ends this process, when it runs under a
 * supervisor that starts it again (`scripts/supervise-backend.sh` sets
 * `MARKETPLACE_SUPERVISED=1` and restarts on exit code 75); undefined when
 * nobody would start it again.
 */
export function supervisedRestart(logger: LoggerService, env: NodeJS.ProcessEnv = process.env): (() => void) | undefined {
  if (env.MARKETPLACE_SUPERVISED !== '1') return undefined;
  return () => {
    logger.info('Restarting the backend at an admin\'s request, to load the plugins installed since it started');
    // Interrupted jobs resume when the backend is back: nothing is lost by not waiting for them.
    setTimeout(() => process.exit(RESTART_EXIT_CODE), 200);
  };
}
