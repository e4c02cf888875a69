import { PluginCategory } from '@internal/backstage-plugin-marketplace-common';

/**
 * A group of words that point to one category.
 *
 * @public
 */
export interface TermRule {
  category: PluginCategory;
  /**
   * How strongly the words point to the category: 1.5 for words that name a
   * plugin's purpose or a single-purpose product, 1 by default, 0.6 for broad
   * vendor names that many unrelated plugins mention.
   */
  weight: number;
  /**
   * Words or hyphenated phrases, lowercase. A phrase is matched as a whole
   * before its words are, so `azure-devops` never counts as `azure`.
   */
  terms: string[];
  /**
   * Counted only in names, tags and keywords: words like `build` or `app`
   * are signals in a package name but noise in a sentence.
   */
  nameOnly?: boolean;
}

/**
 * How much a match counts depending on where it was found: the plugin's own
 * name says the most about it, its tags nearly as much, a word in its
 * description the least.
 *
 * @public
 */
export const SOURCE_WEIGHTS = {
  /** The head of the plugin's name (before `-backend-module-` and the like). */
  name: 3,
  /** The module part of a module's name: what it plugs into its host. */
  nameModule: 1.5,
  tag: 2,
  keyword: 2,
  /** Heads of the plugin's npm package names, shared out among the packages. */
  package: 2,
  /** Module parts of the plugin's npm package names, shared out likewise. */
  packageModule: 1,
  /** The npm scope, often the vendor: `@pagerduty`, `@aws`. */
  publisher: 1,
  /** A package of the `@backstage` scope that is not a plugin is the framework itself. */
  framework: 3,
  description: 1,
} as const;

/**
 * Each further match within one name counts this much of the one before:
 * a name leads with its subject (`aws-codebuild`, `rag-ai-backend-embeddings-aws`).
 *
 * @public
 */
export const POSITION_DECAY = 0.8;

/**
 * Which category wins a tie: narrower categories before broader ones, so that
 * a plugin matching both `security` and `catalog` equally is shown where it
 * is easier to find.
 *
 * @public
 */
export const TIE_ORDER: readonly PluginCategory[] = [
  'ai',
  'security',
  'scaffolding',
  'documentation',
  'quality',
  'ci-cd',
  'monitoring',
  'cloud',
  'infrastructure',
  'source-control',
  'catalog',
  'collaboration',
  'core',
  'other',
];

/**
 * The classifier's knowledge of the Backstage ecosystem. Keep each word in
 * one rule only; a test checks that.
 *
 * @public
 */
export const TERM_RULES: readonly TermRule[] = [
  // ci-cd
  {
    category: 'ci-cd',
    weight: 1.5,
    terms: [
      'argo-cd', 'argocd', 'argo', 'jenkins', 'github-actions', 'gitlab-ci', 'circleci',
      'tekton', 'buildkite', 'gocd', 'harness', 'travis-ci', 'travis', 'spinnaker',
      'codebuild', 'codepipeline', 'azure-pipelines', 'fluxcd', 'flux', 'teamcity',
      'bamboo', 'bitrise', 'drone', 'cloudbuild', 'xcmetrics', 'git-release-manager',
      'ci-cd', 'cicd', 'artifactory', 'jfrog', 'nexus', 'nexus-repository-manager',
      'quay', 'harbor', 'octopus', 'launchdarkly', 'unleash', 'feature-flags',
      'cloudsmith', 'github-workflows',
    ],
  },
  {
    category: 'ci-cd',
    weight: 1,
    terms: [
      'ci', 'cd', 'pipeline', 'pipelines', 'workflow-runs', 'deployment', 'deployments',
      'deploy', 'release', 'releases', 'npm', 'container-registry', 'continuous-integration', 'workflows',
      'continuous-delivery',
    ],
  },
  { category: 'ci-cd', weight: 1, nameOnly: true, terms: ['build', 'builds'] },

  // monitoring
  {
    category: 'monitoring',
    weight: 1.5,
    terms: [
      'pagerduty', 'opsgenie', 'datadog', 'grafana', 'prometheus', 'newrelic', 'new-relic',
      'sentry', 'dynatrace', 'splunk', 'rollbar', 'airbrake', 'honeycomb', 'lightstep',
      'kibana', 'jaeger', 'opentelemetry', 'otel', 'rootly', 'firehydrant', 'incident-io',
      'statuspage', 'upptime', 'uptimerobot', 'nobl9', 'periskop', 'appdynamics', 'instana',
      'ilert', 'squadcast', 'xmatters', 'signalfx', 'loki', 'thanos', 'matomo', 'servicenow', 'bugsnag',
      'dql', 'observability', 'on-call', 'oncall',
    ],
  },
  {
    category: 'monitoring',
    weight: 1,
    terms: [
      'monitoring', 'monitor', 'metrics', 'logs', 'logging', 'traces', 'tracing', 'alert',
      'alerts', 'alerting', 'incident', 'incidents', 'uptime', 'slo', 'slos', 'apm',
      'error-tracking',
    ],
  },

  // cloud
  {
    category: 'cloud',
    weight: 1.5,
    terms: [
      'cost-insights', 'finops', 'cloud-cost', 'azure-sites', 'azure-functions',
      'azure-resources', 'google-cloud', 'gcloud', 'ecs', 'ecr', 'lambda', 'cloudformation',
      'bigquery', 'digitalocean', 'heroku', 'sigv4', 'acr', 'opencost', 'kubecost', 'firebase',
      'resource-optimization',
    ],
  },
  { category: 'cloud', weight: 1, terms: ['cost', 'costs', 'spend', 'billing', 'cloud'] },
  {
    category: 'cloud',
    weight: 0.6,
    terms: ['aws', 'amazon', 'azure', 'gcp', 'google', 'microsoft', 'cloudflare'],
  },

  // security
  {
    category: 'security',
    weight: 1.5,
    terms: [
      'security', 'vulnerability', 'vulnerabilities', 'cve', 'snyk', 'blackduck', 'mend',
      'whitesource', 'trivy', 'wiz', 'dependabot', 'vault', 'rbac', 'permission',
      'permissions', 'auth', 'authentication', 'authorization', 'oauth', 'oauth2', 'oidc',
      'saml', 'okta', 'auth0', 'onelogin', 'keycloak', 'pinniped', 'sso', 'opa', 'kyverno',
      'checkmarx', 'veracode', 'semgrep', 'codeql', 'gitguardian', 'audit-log', 'sign-in',
      'access-control', 'iap', 'easyauth', 'akeyless', 'apiiro', 'fossa', 'sonatype', 'sysdig',
    ],
  },
  {
    category: 'security',
    weight: 1,
    terms: [
      'secret', 'secrets', 'ldap', 'login', 'policy', 'policies', 'compliance', 'audit',
      'iam', 'identity', 'pingidentity', 'guest',
    ],
  },

  // collaboration
  {
    category: 'collaboration',
    weight: 1.5,
    terms: [
      'slack', 'ms-teams', 'microsoft-teams', 'notification', 'notifications', 'signals',
      'user-settings', 'skill-exchange', 'announcements', 'announcement', 'feedback',
      'entity-feedback', 'bazaar', 'qeta', 'stack-overflow', 'stackoverflow', 'gcalendar',
      'calendar', 'discord', 'mattermost', 'jira', 'home-page', 'homepage', 'shortcuts', 'shortcut',
      'linear', 'trello', 'asana',
    ],
  },
  {
    category: 'collaboration',
    weight: 1,
    terms: [
      'teams', 'chat', 'org', 'organization', 'people', 'home', 'skills', 'email',
      'questions', 'q-a', 'survey', 'surveys', 'kudos', 'settings',
    ],
  },

  // infrastructure
  {
    category: 'infrastructure',
    weight: 1.5,
    terms: [
      'kubernetes', 'k8s', 'terraform', 'crossplane', 'helm', 'ocm', 'openshift', 'kafka',
      'pulumi', 'ansible', 'puppet', 'chef', 'spacelift', 'humanitec', 'rafay', 'nomad',
      'consul', 'istio', 'devcontainers', 'dev-containers', 'devcontainer', 'coder',
      'codespaces', 'topology', 'hcl', 'infrastructure-as-code', 'iac', 'airflow', 'kiali', 'linkerd',
      'service-mesh', 'puppetdb', 'stackstorm', 'gitops', 'kong', 'apigee', 'api-gateway',
    ],
  },
  {
    category: 'infrastructure',
    weight: 1,
    terms: [
      'infrastructure', 'cluster', 'clusters', 'database', 'databases', 'postgres', 'redis',
      'rabbitmq', 'platform',
    ],
  },

  // source-control
  {
    category: 'source-control',
    weight: 1.5,
    terms: [
      'azure-devops', 'gerrit', 'gitea', 'bitbucket', 'bitbucket-cloud', 'bitbucket-server',
      'pull-requests', 'pull-request', 'merge-requests', 'merge-request', 'code-review',
      'github-insights', 'github-pull-requests', 'scm', 'codeowners',
    ],
  },
  {
    category: 'source-control',
    weight: 1,
    terms: ['git', 'repository', 'repositories', 'repo', 'repos', 'commits', 'branches'],
  },
  { category: 'source-control', weight: 0.6, terms: ['github', 'gitlab'] },

  // documentation
  {
    category: 'documentation',
    weight: 1.5,
    terms: [
      'techdocs', 'techdocs-cli', 'api-docs', 'adr', 'adrs', 'openapi', 'asyncapi',
      'swagger', 'wsdl', 'mkdocs', 'docusaurus', 'confluence', 'mermaid', 'kroki',
      'changelog', 'documentation', 'graphiql', 'apollo-explorer', 'graphql-voyager',
    ],
  },
  { category: 'documentation', weight: 1, terms: ['docs', 'readme', 'wiki', 'markdown'] },

  // quality
  {
    category: 'quality',
    weight: 1.5,
    terms: [
      'sonarqube', 'sonarcloud', 'sonar', 'code-coverage', 'tech-insights', 'techinsights',
      'soundcheck', 'scorecard', 'scorecards', 'lighthouse', 'linguist', 'code-climate',
      'codeclimate', 'codescene', 'allure', 'report-portal', 'reportportal', 'jsonfc',
      'tech-radar', 'endoflife', 'end-of-life', 'dora', 'dx', 'renovate', 'todo', 'score-card',
      'cortexapps', 'opslevel', 'chaos',
    ],
  },
  {
    category: 'quality',
    weight: 1,
    terms: [
      'quality', 'coverage', 'testing', 'tests', 'maturity', 'standards', 'checks',
      'radar', 'lint', 'dependencies',
    ],
  },

  // scaffolding
  {
    category: 'scaffolding',
    weight: 1.5,
    terms: [
      'scaffolder', 'scaffolding', 'software-templates', 'cookiecutter', 'yeoman',
      'copier', 'template', 'templates',
    ],
  },
  { category: 'scaffolding', weight: 1, terms: ['rails', 'custom-actions'] },

  // ai
  {
    category: 'ai',
    weight: 1.5,
    terms: [
      'ai', 'rag-ai', 'rag', 'genai', 'openai', 'llm', 'llms', 'copilot', 'aika', 'mcp',
      'chatgpt', 'gpt', 'gemini', 'anthropic', 'claude', 'bedrock', 'embeddings',
      'ai-assistant', 'ollama', 'langchain', 'retrieval-augmenter', 'kagent',
      'machine-learning',
    ],
  },
  { category: 'ai', weight: 1, terms: ['assistant', 'agent', 'agents', 'retrieval', 'ml'] },

  // catalog
  {
    category: 'catalog',
    weight: 1.5,
    terms: [
      'catalog', 'catalog-graph', 'catalog-import', 'entity-provider', 'ingestor',
      'ingestion', 'incremental-ingestion', 'processor', 'collator', 'search', 'explore',
      'elasticsearch', 'opensearch', 'playlist', 'bulk-import', 'unprocessed', '3scale',
      'msgraph', 'discovery',
    ],
  },
  {
    category: 'catalog',
    weight: 1,
    terms: ['relations', 'relation', 'ownership', 'catalog-info', 'users-and-groups'],
  },
  { category: 'catalog', weight: 0.5, terms: ['entity', 'entities'] },

  // core
  {
    category: 'core',
    weight: 1.5,
    terms: [
      'core', 'framework', 'cli', 'config', 'config-loader', 'test-utils', 'dev-utils',
      'e2e-test-utils', 'eslint', 'eslint-plugin', 'version-bridge', 'module-federation',
      'devtools', 'canon', 'theme', 'translations', 'i18n', 'global-header', 'events',
      'dynamic-feature', 'dynamic-plugins', 'release-manifests', 'repo-tools', 'create-app',
      'filter-predicates', 'app-visualizer', 'mui-to-bui', 'graphql', 'proxy', 'gateway',
      'app-defaults', 'typescript-types',
    ],
  },
  { category: 'core', weight: 1, terms: ['types', 'errors', 'tasks', 'scheduler', 'utilities'] },
  {
    category: 'core',
    weight: 1.5,
    nameOnly: true,
    terms: ['backend', 'frontend', 'app', 'ui', 'bui'],
  },
];
