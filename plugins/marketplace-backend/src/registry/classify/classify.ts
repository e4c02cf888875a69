import { PluginCategory } from '@internal/backstage-plugin-marketplace-common';

/**
 * What the classifier looks at.
 *
 * @public
 */
export interface ClassificationInput {
  name: string;
  description?: string;
  tags?: string[];
  /** npm package names of the plugin. */
  packages?: string[];
  keywords?: string[];
}

/**
 * Picks the category of a plugin that declares none.
 * (Being written: the helper that owns this file replaces the body.)
 *
 * @public
 */
export function classifyPlugin(_input: ClassificationInput): PluginCategory {
  return 'other';
}
