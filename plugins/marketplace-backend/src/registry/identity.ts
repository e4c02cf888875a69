// The id rules live in marketplace-common so that the frontend maps catalog
// entities to marketplace ids exactly as the sources do.
export {
  findMainPackage,
  identifyPackage,
} from '@internal/backstage-plugin-marketplace-common';
export type { PackageIdentity } from '@internal/backstage-plugin-marketplace-common';

const ACRONYMS = new Set(['ai', 'api', 'aws', 'ci', 'cd', 'gcp', 'sdk', 'ui', 'adr', 'mcp', 'rbac', 'sso', 'ldap', 'oidc', 'saml', 'llm', 'rag', 'k8s', 'sql', 'dora']);

/**
 * A readable title for a plugin name: `argo-cd` → `Argo CD`, `tech-insights` → `Tech Insights`.
 *
 * @public
 */
export function titleFromPluginName(pluginName: string): string {
  return pluginName
    .split(/[-.]+/)
    .filter(Boolean)
    .map(word =>
      ACRONYMS.has(word) ? word.toUpperCase() : word[0].toUpperCase() + word.slice(1),
    )
    .join(' ');
}

/**
 * A readable publisher name for an npm scope: `backstage-community` → `Backstage Community`.
 *
 * @public
 */
export function publisherFromScope(scope: string | undefined): string {
  return scope ? titleFromPluginName(scope.replace(/^@/, '')) : 'Independent';
}
