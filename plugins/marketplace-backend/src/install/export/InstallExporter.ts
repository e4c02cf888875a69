import { JsonObject } from '@backstage/types';
import {
  InstallExport,
  InstallPlan,
  InstallRequest,
  PlannedPackage,
  PluginSpecification,
} from '@internal/backstage-plugin-marketplace-common';
import { DependencyResolver } from '@internal/backstage-plugin-marketplace-node';
import { resolve } from 'node:path';
import { ConfigurationGenerator } from '../../configuration/ConfigurationGenerator';
import { envReferenceName } from '../../configuration/secrets';
import { pruneEmpty } from '../../configuration/yamlDocument';
import { planInstall, validateInstallConfig } from '../checkInstallRequest';
import { targetOf } from '../steps/DefaultInstallSteps';
import { mergeAppConfig } from './appConfigMerge';
import { addBackendFeatures, addsPackage } from './backendIndexEdit';
import { EXPORT_PATHS, ExportChanges } from './exportChanges';
import { describeExport } from './exportSummary';
import { gitFileDiff } from './gitDiff';
import { addDependencies } from './packageJsonEdit';
import { monorepoRoot } from '../monorepoRoot';
import { RepoFiles } from './repoFiles';
import { BACKEND_ROLES, FRONTEND_ROLES } from '../roles';


/**
 * Turns an install request into a change to review instead of an install:
 * a patch of the app's package.json files, the backend's index and
 * app-config.yaml, for teams that deploy from git.
 *
 * @public
 */
export interface InstallExporter {
  /** The change for `POST /install`'s request; reads the repository, changes nothing. */
  exportInstall(request: InstallRequest): Promise<InstallExport>;
}

function referencedNames(value: unknown, into: Set<string>): Set<string> {
  const name = envReferenceName(value);
  if (name) into.add(name);
  else if (Array.isArray(value)) value.forEach(v => referencedNames(v, into));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach(v => referencedNames(v, into));
  return into;
}

/**
 * Plans an install as `POST /install` does (the same validation and the same
 * resolver), then edits the repository's current files in memory and answers
 * with their diffs.
 *
 * @public
 */
export class DefaultInstallExporter implements InstallExporter {
  private constructor(
    private readonly deps: {
      resolver: DependencyResolver;
      generator: ConfigurationGenerator;
      getSpec: (pluginId: string) => Promise<PluginSpecification>;
      files: RepoFiles;
    },
  ) {}

  static create(options: {
    resolver: DependencyResolver;
    generator: ConfigurationGenerator;
    getSpec: (pluginId: string) => Promise<PluginSpecification>;
    /** The repository root the files are read from (relative to the working directory). Default: the monorepo root of the running backend. */
    rootDir?: string;
  }): DefaultInstallExporter {
    const { rootDir, ...deps } = options;
    return new DefaultInstallExporter({ ...deps, files: RepoFiles.at(rootDir ? resolve(rootDir) : monorepoRoot()) });
  }

  async exportInstall(request: InstallRequest): Promise<InstallExport> {
    await validateInstallConfig(request, this.deps.generator);
    const plan = await planInstall(request, this.deps.resolver);
    const changes = await this.changesOf(plan, request);
    const edits = await this.edit(changes);
    return {
      summary: describeExport(changes, edits),
      files: edits.map(({ path, diff }) => ({ path, diff })),
      patch: edits.map(e => e.diff).join(''),
    };
  }

  /** What the plan changes, sorted by where it goes. */
  private async changesOf(plan: InstallPlan, request: InstallRequest): Promise<ExportChanges> {
    const changes: ExportChanges = {
      plugins: plan.plugins.filter(p => p.action !== 'keep'),
      backend: [],
      frontend: [],
      config: [],
      byHand: [],
      kept: plan.plugins.filter(p => p.action === 'keep'),
      environmentVariables: [],
    };
    for (const plugin of changes.plugins) {
      const spec = await this.deps.getSpec(plugin.pluginId);
      const packages = plan.packages.filter(p => p.pluginId === plugin.pluginId);
      const target = targetOf(spec, packages);
      if (target === 'sandbox' || target === 'manual') {
        changes.byHand.push({ plugin, target, steps: spec.installation.steps ?? [] });
        continue;
      }
      changes.backend.push(...packages.filter(p => BACKEND_ROLES.has(p.role)));
      changes.frontend.push(...packages.filter(p => FRONTEND_ROLES.has(p.role)));

      const asked = request.config?.[plugin.pluginId];
      const config = (pruneEmpty(asked ?? (await this.deps.generator.getForm(plugin.pluginId)).formData) as JsonObject | undefined) ?? {};
      if (Object.keys(config).length > 0) {
        // Asked-for config was checked above; defaults may lack what nobody filled in yet.
        const problems = asked
          ? []
          : (await this.deps.generator.validate(plugin.pluginId, config)).errors.map(e => `${e.path ? `'${e.path.slice(1).replace(/\//g, '.')}' ` : ''}${e.message}`);
        changes.config.push({ plugin, config, source: asked ? 'request' : 'defaults', problems });
      }
      const referenced = referencedNames(config, new Set());
      for (const variable of spec.environmentVariables ?? []) {
        if (variable.required || referenced.has(variable.name)) changes.environmentVariables.push({ ...variable, pluginId: plugin.pluginId });
      }
    }
    return changes;
  }

  /** Each file the change touches: its diff and what changes in it, in a fixed order. */
  private async edit(changes: ExportChanges): Promise<Array<{ path: string; diff: string; what: string }>> {
    const { files } = this.deps;
    const edits: Array<{ path: string; diff: string; what: string }> = [];
    const add = (path: string, before: string, after: string, what: string) => {
      const diff = gitFileDiff(path, before, after);
      if (diff) edits.push({ path, diff, what });
    };
    // After addDependencies has checked that the text is a package.json.
    const versions = (text: string, packages: PlannedPackage[]) => {
      const current: Record<string, unknown> = JSON.parse(text).dependencies ?? {};
      return packages.filter(p => current[p.name] !== p.version).map(p => `${p.name} ${p.version}`).join(', ');
    };

    if (changes.backend.length) {
      const path = EXPORT_PATHS.backendPackage;
      const before = await files.read(path);
      add(path, before, addDependencies(before, changes.backend, path), versions(before, changes.backend));
      const indexPath = EXPORT_PATHS.backendIndex;
      const index = await files.read(indexPath);
      const added = changes.backend.filter(p => !addsPackage(index, p.name)).map(p => `backend.add(import('${p.name}'))`);
      add(indexPath, index, addBackendFeatures(index, changes.backend.map(p => p.name), indexPath), added.join(', '));
    }
    if (changes.frontend.length) {
      const path = EXPORT_PATHS.appPackage;
      const before = await files.read(path);
      const after = addDependencies(before, changes.frontend, path);
      add(path, before, after, `${versions(before, changes.frontend)} (the app discovers them: app.packages is all)`);
    }
    if (changes.config.length) {
      const path = EXPORT_PATHS.appConfig;
      const before = await files.read(path);
      const after = mergeAppConfig(
        before,
        changes.config.map(c => ({ config: c.config, comment: `${c.plugin.name} (${c.plugin.pluginId}), added from the marketplace.` })),
        path,
      );
      const what = changes.config.map(c => `${Object.keys(c.config).join(', ')} for ${c.plugin.name} (${c.source === 'request' ? 'as configured' : 'its defaults'})`);
      add(path, before, after, what.join('; '));
    }
    return edits;
  }
}
