/**
 * The marketplace's category taxonomy: small on purpose, so that every
 * category holds enough plugins to be worth browsing.
 *
 * @public
 */
export const PLUGIN_CATEGORIES = [
  {
    id: 'ci-cd',
    title: 'CI/CD',
    description: 'Builds, pipelines, deployments and release tooling.',
  },
  {
    id: 'monitoring',
    title: 'Monitoring & Observability',
    description: 'Metrics, logs, traces, alerting, incidents and on-call.',
  },
  {
    id: 'cloud',
    title: 'Cloud Providers',
    description: 'AWS, Azure, GCP and other cloud platforms, including cost.',
  },
  {
    id: 'security',
    title: 'Security',
    description: 'Vulnerabilities, secrets, compliance, access control and auth providers.',
  },
  {
    id: 'collaboration',
    title: 'Collaboration',
    description: 'Chat, notifications, ownership, people, skills and knowledge sharing.',
  },
  {
    id: 'infrastructure',
    title: 'Infrastructure',
    description: 'Kubernetes, infrastructure as code, databases and platform services.',
  },
  {
    id: 'source-control',
    title: 'Source Control',
    description: 'GitHub, GitLab, Bitbucket, Azure DevOps and code review.',
  },
  {
    id: 'documentation',
    title: 'Documentation',
    description: 'TechDocs, API docs, ADRs and other documentation.',
  },
  {
    id: 'quality',
    title: 'Quality & Standards',
    description: 'Scorecards, tech insights, code quality, testing and maturity.',
  },
  {
    id: 'scaffolding',
    title: 'Scaffolding & Templates',
    description: 'Software templates and scaffolder actions.',
  },
  {
    id: 'ai',
    title: 'AI & Assistants',
    description: 'AI assistants, LLM integrations and retrieval.',
  },
  {
    id: 'catalog',
    title: 'Catalog & Discovery',
    description: 'Entity providers, processors and catalog views, and search.',
  },
  {
    id: 'core',
    title: 'Core & Framework',
    description: 'The Backstage framework itself: libraries, CLI, app and backend building blocks.',
  },
  {
    id: 'other',
    title: 'Other',
    description: 'Plugins that fit no other category.',
  },
] as const;

/**
 * One of the ids in {@link PLUGIN_CATEGORIES}.
 *
 * @public
 */
export type PluginCategory = (typeof PLUGIN_CATEGORIES)[number]['id'];

/**
 * All category ids, in display order.
 *
 * @public
 */
export const PLUGIN_CATEGORY_IDS: readonly PluginCategory[] = PLUGIN_CATEGORIES.map(
  c => c.id,
);

/**
 * Whether a string is a known category id.
 *
 * @public
 */
export function isPluginCategory(value: unknown): value is PluginCategory {
  return (
    typeof value === 'string' &&
    (PLUGIN_CATEGORY_IDS as readonly string[]).includes(value)
  );
}
