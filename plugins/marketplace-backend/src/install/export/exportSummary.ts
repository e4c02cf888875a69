import { PlannedPlugin } from '@internal/backstage-plugin-marketplace-common';
import { EXPORT_PATHS, ExportChanges } from './exportChanges';

function label(plugin: PlannedPlugin): string {
  return `${plugin.name} ${plugin.version}`;
}

function why(plugin: PlannedPlugin): string {
  const reason = plugin.reason === 'requested' ? 'requested' : `needed by ${plugin.requiredBy.join(', ')}`;
  return plugin.fromVersion ? `${reason}, from ${plugin.fromVersion}` : reason;
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The summary of an exported change in plain text: what the patch does file
 * by file, what it leaves out and why, and what to do with it.
 *
 * @param edits - each file the patch changes, with what changes in it
 */
export function describeExport(changes: ExportChanges, edits: Array<{ path: string; what: string }>): string {
  const out: string[] = [];
  const inPatch = changes.plugins.filter(p => !changes.byHand.some(h => h.plugin.pluginId === p.pluginId));
  if (inPatch.length) out.push(`Adds ${list(inPatch.map(p => `${label(p)} (${why(p)})`))} to the app as a change to review.`);
  else if (changes.plugins.length) out.push('Nothing for the repository to change: the marketplace installs these plugins another way.');
  else out.push('Nothing to change: every plugin asked for is installed already at the version chosen.');

  const lines = edits.map(e => `- ${e.path}: ${e.what}`);
  if (lines.length) out.push('', 'In the patch:', ...lines);
  else if (inPatch.length) out.push('', 'The repository has all of it already: the patch is empty.');

  if (changes.byHand.length) {
    out.push('', 'Not in the patch:');
    for (const { plugin, target, steps } of changes.byHand) {
      out.push(
        target === 'sandbox'
          ? `- ${label(plugin)} runs in the marketplace's sandbox: install it from the marketplace, where it is live at once without a deploy.`
          : `- ${label(plugin)} is installed by hand: ${steps.length ? steps.join(' ') : 'see its documentation.'}`,
      );
    }
  }
  if (changes.kept.length) {
    out.push('', `Already installed by the marketplace and left as they are: ${list(changes.kept.map(label))}.`);
  }

  const problems = changes.config.flatMap(c => c.problems.map(p => `- ${c.plugin.name}: ${p}`));
  if (problems.length) out.push('', `Configuration to finish in ${EXPORT_PATHS.appConfig} before merging:`, ...problems);
  if (changes.environmentVariables.length) {
    out.push('', 'Environment variables the configuration reads (secrets stay out of the repository):');
    for (const v of changes.environmentVariables) {
      const traits = [v.secret ? 'secret' : undefined, v.required ? 'required' : undefined].filter(Boolean).join(', ');
      out.push(`- ${v.name}${traits ? ` (${traits})` : ''}${v.description ? `: ${v.description}` : ''}`);
    }
  }
  if (lines.length) {
    out.push(
      '',
      'Apply it with `git apply`, run `yarn install`, then build and deploy as usual: the backend loads its new plugins when it starts, the app when it is rebuilt.',
    );
  }
  return `${out.join('\n')}\n`;
}
