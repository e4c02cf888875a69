import { PLUGIN_CATEGORIES } from '@internal/backstage-plugin-marketplace-common';
import { parseName } from '../../registry/classify/tokens';

/**
 * What the semantic index reads of a listing.
 *
 * @public
 */
export interface PluginDocument {
  id: string;
  /** `plugins.content_hash`: the embedding is recomputed when it changes. */
  contentHash: string;
  name: string;
  description: string;
  tags: string[];
  category: string;
  author: string;
  packages: Array<{ name: string; description?: string }>;
}

const CATEGORY_TITLES = new Map<string, string>(
  PLUGIN_CATEGORIES.map(c => [c.id, c.title]),
);

// "The github module for @backstage/plugin-scaffolder-backend", "Node.js library for the x plugin":
// summaries that only repeat the package name.
const BOILERPLATE =
  /\bmodule for\b|^common functionalit(?:y|ies) for\b|^(?:node\.js|web) library for\b|^common components for\b/i;

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}

/**
 * The text a listing is embedded from, one fact a line: name, summary, tags,
 * category, publisher, then what its packages add. A plugin with dozens of
 * modules is about itself first: each module gives the words of its name
 * once, and summaries that merely restate a package name are left out, so
 * the modules do not drown the plugin's own words. Plain prose, so that a
 * remote model reads it as well as the local one.
 *
 * @public
 */
export function documentText(document: PluginDocument): string {
  const lines = [document.name];
  if (document.description) lines.push(document.description);
  if (document.tags.length > 0) lines.push(document.tags.join(', '));
  lines.push(CATEGORY_TITLES.get(document.category) ?? document.category);
  if (document.author) lines.push(document.author);

  const parsed = document.packages.map(pkg => ({ pkg, name: parseName(pkg.name) }));
  const heads = unique(parsed.map(p => p.name.head.join(' ')));
  if (heads.length > 0) lines.push(heads.join(', '));
  const modules = unique(parsed.map(p => p.name.module.join(' ')));
  if (modules.length > 0) lines.push(`Modules: ${modules.join(', ')}`);
  const summaries = unique(
    parsed
      .sort((a, b) => a.name.module.length - b.name.module.length)
      .map(p => p.pkg.description ?? '')
      .filter(summary => summary !== document.description && !BOILERPLATE.test(summary)),
  );
  lines.push(...summaries);
  return lines.join('\n');
}
