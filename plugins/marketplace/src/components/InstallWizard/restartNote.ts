import { PluginDetails } from '@internal/backstage-plugin-marketplace-common';

type Installation = PluginDetails['spec']['installation'];

/**
 * What has to happen after the install before the plugin works, in words:
 * backend packages load when the backend restarts; frontend packages are
 * built into the app, which the backend serves after its restart; sandboxed
 * plugins work at once.
 */
export function restartNote(installation: Installation): { needed: boolean; sentence: string } {
  const roles = installation.packages.map(p => p.role ?? '');
  if (installation.method === 'sandbox') return { needed: false, sentence: 'It works at once, without a restart.' };
  if (installation.requiresRestart || roles.some(r => r.startsWith('backend'))) {
    return { needed: true, sentence: 'The backend must restart before the plugin works.' };
  }
  if (roles.some(r => r.startsWith('frontend'))) {
    return { needed: true, sentence: 'The app is built again with it (about a minute), and the backend serves it after a restart.' };
  }
  return { needed: false, sentence: 'It works without a restart.' };
}
