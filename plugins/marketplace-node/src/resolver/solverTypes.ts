import { Candidate, Edge } from './model';

/** Who asks for a range. */
export type Source =
  | { type: 'request' }
  | { type: 'plugin'; pluginId: string; version: string }
  | { type: 'installed'; pluginId: string; version: string };

/** A range one plugin must meet, and who asks for it. */
export interface Constraint {
  source: Source;
  /** The plugin whose choice imposed it; absent when it holds whatever is chosen (request, installed). */
  sourceVar?: string;
  /** The package the range is on; absent for a range on the plugin's own version (a request). */
  packageName?: string;
  range: string;
}

/** A plugin to be part of the result, and which of its versions may be. */
export interface RootRequirement {
  pluginId: string;
  range?: string;
  /** Only this version or newer (updates never go back). */
  atLeast?: string;
  /** Acceptable whatever `range` says (the installed version, when planning updates). */
  alsoAccept?: string;
}

/** Why one version of a plugin could not be chosen. */
export type Why =
  | { type: 'constraint'; constraint: Constraint }
  | {
      type: 'dependency-version';
      edge: Edge;
      target: Candidate;
      pinned: boolean;
      targetConstraints: Constraint[];
    }
  | { type: 'dependency-unavailable'; edge: Edge; targetConstraints: Constraint[] }
  | { type: 'combination'; with: Array<{ pluginId: string; version: string }> }
  | { type: 'deeper'; event: FailureEvent };

/** A plugin none of whose versions could be chosen, with the reason for each. */
export interface FailureEvent {
  pluginId: string;
  constraints: Constraint[];
  /** In the order tried: the most preferred version first. */
  reasons: Array<{ candidate: Candidate; why: Why }>;
}

/** What a search is asked. */
export interface SolveOptions {
  roots: RootRequirement[];
  /** Installed plugins that must stay at their version. */
  pinned: Map<string, string>;
  /** Every installed plugin and its version. */
  installed: Map<string, string>;
  /** Try each installed plugin's installed version before newer ones. */
  preferInstalled?: boolean;
  /** Gives up after this many version checks. */
  maxSteps?: number;
}

/** A search's answer: the chosen release of every plugin in the result, or why there is none. */
export interface SolveResult {
  solution?: Map<string, Candidate>;
  /** The first plugin the search found no version for (the preferred path's obstacle). */
  failure?: FailureEvent;
  /** Set when the search gave up before deciding. */
  gaveUp?: boolean;
  steps: number;
}
