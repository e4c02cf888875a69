import type { Concept } from '../lexicon';

/**
 * Concepts of building and shipping software: CI/CD, releases, security, code quality.
 *
 * @public
 */
export const DELIVERY_CONCEPTS: readonly Concept[] = [
  // Delivery
  {
    id: 'ci',
    terms: [
      'ci', 'continuous integration', 'build', 'build status', 'pipeline', 'pipeline run', 'workflow run',
      'jenkins', 'github actions', 'gitlab ci', 'circleci', 'travis', 'travis ci', 'buildkite', 'tekton',
      'codebuild', 'codepipeline', 'azure pipelines', 'teamcity', 'bamboo', 'drone', 'concourse', 'ci cd',
    ],
    related: { cd: 0.4 },
  },
  {
    id: 'cd',
    terms: [
      'cd', 'continuous delivery', 'continuous deployment', 'deploy', 'deployment', 'rollout', 'gitops',
      'argo', 'argocd', 'argo cd', 'flux', 'fluxcd', 'spinnaker', 'harness', 'octopus', 'codedeploy', 'ship',
      'promotion', 'canary', 'blue green', 'sync status',
    ],
    related: { ci: 0.3, kubernetes: 0.2 },
  },
  {
    id: 'release-management',
    terms: [
      'release', 'release management', 'release notes', 'changelog', 'change log', 'versioning', 'version bump',
      'semantic release', 'release manager', 'hotfix', 'release candidate',
    ],
    related: { cd: 0.4 },
  },
  {
    id: 'dependency-updates',
    terms: [
      'dependency update', 'update dependency', 'dependency upgrade', 'upgrade', 'outdated', 'up to date',
      'renovate', 'dependabot', 'version update', 'keep updated', 'bump',
    ],
    related: { lifecycle: 0.3, 'package-management': 0.3 },
  },
  {
    id: 'lifecycle',
    terms: [
      'end of life', 'eol', 'endoflife', 'lifecycle', 'deprecation', 'deprecated', 'support window', 'sunset',
      'runtime version', 'framework version', 'supported version',
    ],
    related: { 'dependency-updates': 0.3 },
  },
  {
    id: 'package-management',
    terms: ['npm', 'yarn', 'pnpm', 'package version', 'npm package', 'maven', 'pypi', 'nuget', 'library version'],
  },
  // Security
  {
    id: 'secrets',
    terms: [
      'secret', 'secrets management', 'vault', 'hashicorp vault', 'credential', 'password', 'key management',
      'kms', 'api key', 'certificate', 'encryption', 'sealed secret', 'external secrets', 'keyvault',
    ],
    related: { security: 0.4 },
  },
  {
    id: 'authentication',
    terms: [
      'authentication', 'authenticate', 'auth', 'login', 'log in', 'sign in', 'signin', 'sign on', 'sso',
      'single sign on', 'oauth', 'oauth2', 'oidc', 'openid', 'openid connect', 'saml', 'ldap', 'keycloak',
      'okta', 'auth0', 'onelogin', 'pinniped', 'identity provider', 'active directory', 'pingidentity',
      'ping identity', 'pingone', 'cloudflare access', 'easyauth', 'mfa', 'session', 'token',
    ],
    related: { security: 0.3 },
  },
  {
    id: 'authorization',
    terms: [
      'authorization', 'authorisation', 'authorize', 'permission', 'rbac', 'role', 'role based',
      'role based access control', 'access control', 'policy', 'allow', 'deny', 'restrict', 'restriction',
      'privilege', 'entitlement', 'opa', 'open policy agent', 'who can', 'admin',
    ],
    related: { security: 0.4 },
  },
  {
    id: 'vulnerability-scanning',
    terms: [
      'vulnerability', 'vuln', 'cve', 'security scan', 'scan', 'scanner', 'scanning', 'sast', 'dast', 'sca',
      'software composition analysis', 'snyk', 'blackduck', 'black duck', 'mend', 'whitesource', 'trivy',
      'wiz', 'grype', 'dependency check', 'security advisory', 'exploit', 'sbom', 'container scanning',
      'veracode', 'checkmarx', 'aqua', 'prisma cloud',
    ],
    related: { security: 0.5 },
  },
  {
    id: 'security',
    terms: [
      'security', 'secure', 'threat', 'posture', 'compliance', 'hardening', 'risk', 'security insights',
      'kyverno', 'policy report', 'gatekeeper', 'falco',
    ],
  },
  {
    id: 'audit',
    terms: ['audit', 'audit log', 'audit trail', 'auditing', 'activity log', 'user action', 'who did what', 'history'],
    related: { security: 0.3 },
  },
  // Code and quality
  {
    id: 'source-control',
    terms: [
      'git', 'github', 'gitlab', 'bitbucket', 'bitbucket cloud', 'bitbucket server', 'gitea', 'gerrit',
      'azure devops', 'repository', 'repo', 'source code', 'scm', 'commit', 'branch', 'monorepo',
    ],
  },
  {
    id: 'code-review',
    terms: [
      'pull request', 'merge request', 'pr', 'code review', 'review', 'reviewer', 'approval', 'open pull request',
    ],
    related: { 'source-control': 0.5 },
  },
  {
    id: 'issue-tracking',
    terms: [
      'jira', 'issue', 'ticket', 'backlog', 'sprint', 'epic', 'user story', 'bug tracker', 'bug', 'linear',
      'youtrack', 'github issues', 'kanban', 'board', 'project management',
    ],
  },
  {
    id: 'code-quality',
    terms: [
      'code quality', 'quality', 'static analysis', 'static code analysis', 'linter', 'lint', 'linting',
      'code smell', 'smell', 'sonarqube', 'sonar', 'sonarcloud', 'codeclimate', 'code climate',
      'technical debt', 'tech debt', 'maintainability', 'duplication', 'complexity', 'codescene',
    ],
    related: { testing: 0.3 },
  },
  {
    id: 'testing',
    terms: [
      'test', 'testing', 'coverage', 'code coverage', 'test coverage', 'test result', 'test report', 'unit test',
      'e2e', 'end to end', 'allure', 'report portal', 'reportportal', 'junit', 'flaky', 'cucumber', 'playwright',
      'cypress', 'selenium', 'jest', 'load test', 'k6', 'jmeter',
    ],
    related: { 'code-quality': 0.3 },
  },
  {
    id: 'web-performance',
    terms: [
      'lighthouse', 'web vitals', 'core web vitals', 'page speed', 'pagespeed', 'accessibility', 'a11y', 'seo',
      'performance audit', 'website', 'web page', 'webpage', 'page load',
    ],
  },
  {
    id: 'code-languages',
    terms: [
      'programming language', 'language breakdown', 'linguist', 'typescript', 'javascript', 'python', 'java',
      'golang', 'rust', 'kotlin', 'csharp', 'ruby', 'dotnet',
    ],
  },
  {
    id: 'code-annotations',
    terms: ['todo', 'fixme', 'todo comment', 'code comment'],
  },
  {
    id: 'scorecards',
    terms: [
      'scorecard', 'maturity', 'standard', 'engineering standard', 'best practice', 'check', 'checks',
      'tech insights', 'soundcheck', 'fact', 'fact retriever', 'guardrail', 'production readiness', 'cortex',
      'opslevel', 'compliance check',
    ],
    related: { 'code-quality': 0.3, 'developer-productivity': 0.2 },
  },
  {
    id: 'developer-productivity',
    terms: [
      'developer experience', 'devex', 'dx', 'productivity', 'developer productivity', 'engineering productivity',
      'dora', 'dora metric', 'deployment frequency', 'lead time', 'mean time to recovery', 'mttr',
      'change failure rate', 'space framework', 'engineering metric', 'efficiency', 'time saver', 'time saving',
      'time saved', 'roi', 'getdx', 'linearb', 'jellyfish', 'swarmia',
    ],
    related: { feedback: 0.2 },
  },
  {
    id: 'tech-radar',
    terms: [
      'tech radar', 'technology radar', 'radar', 'adopt', 'assess', 'technology choice', 'technology', 'tech stack',
    ],
  },
];
