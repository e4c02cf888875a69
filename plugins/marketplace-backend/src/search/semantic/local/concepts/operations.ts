import type { Concept } from '../lexicon';

/**
 * Concepts of running software: incidents, observability, cloud, infrastructure.
 *
 * @public
 */
export const OPERATIONS_CONCEPTS: readonly Concept[] = [
  // Operations
  {
    id: 'incident-response',
    terms: [
      'incident', 'incident management', 'incident response', 'on call', 'oncall', 'on call schedule',
      'pager', 'paging', 'paged', 'escalation', 'escalation policy', 'outage', 'postmortem', 'post mortem',
      'war room', 'firefighting', 'sev1', 'major incident', 'pagerduty', 'opsgenie', 'rootly', 'firehydrant',
      'incident io', 'victorops', 'splunk on call', 'xmatters', 'ilert', 'squadcast', 'grafana oncall',
    ],
    related: { alerting: 0.4, reliability: 0.3, observability: 0.2 },
  },
  {
    id: 'alerting',
    terms: ['alert', 'alerting', 'alarm', 'alertmanager', 'alert rule'],
    related: { 'incident-response': 0.4, observability: 0.4 },
  },
  {
    id: 'itsm',
    terms: [
      'servicenow', 'itsm', 'it service management', 'service desk', 'helpdesk', 'help desk',
      'change request', 'change management', 'cmdb', 'jira service management',
    ],
    related: { 'incident-response': 0.5, 'issue-tracking': 0.4 },
  },
  {
    id: 'observability',
    terms: [
      'observability', 'monitoring', 'monitor', 'metric', 'telemetry', 'dashboard', 'grafana', 'prometheus',
      'datadog', 'new relic', 'newrelic', 'dynatrace', 'dql', 'splunk', 'honeycomb', 'opentelemetry', 'otel',
      'tracing', 'distributed tracing', 'trace', 'logging', 'log', 'apm', 'kibana', 'elastic apm', 'loki',
      'thanos', 'victoriametrics', 'instana', 'appdynamics', 'chronosphere', 'lightstep',
    ],
    related: { reliability: 0.2 },
  },
  {
    id: 'error-tracking',
    terms: [
      'error tracking', 'error', 'exception', 'crash', 'crash report', 'stack trace', 'stacktrace', 'sentry',
      'rollbar', 'airbrake', 'bugsnag', 'periskop', 'raygun', 'honeybadger', 'crashlytics',
    ],
    related: { observability: 0.4 },
  },
  {
    id: 'reliability',
    terms: [
      'reliability', 'sre', 'site reliability', 'slo', 'sli', 'sla', 'service level', 'service level objective',
      'error budget', 'uptime', 'availability', 'status page', 'statuspage', 'downtime', 'nobl9', 'upptime',
      'health check', 'chaos engineering', 'gremlin', 'litmus',
    ],
    related: { observability: 0.4, 'incident-response': 0.2 },
  },
  // Cloud and infrastructure
  {
    id: 'cloud-cost',
    terms: [
      'cost', 'cloud cost', 'spend', 'spending', 'bill', 'billing', 'budget', 'finops', 'chargeback', 'showback',
      'saving', 'expense', 'expensive', 'cheap', 'invoice', 'pricing', 'cost insights', 'opencost', 'kubecost',
      'cloudability', 'cloudhealth', 'infracost', 'vantage', 'cost explorer', 'cost optimization',
    ],
    related: { cloud: 0.4 },
  },
  {
    id: 'cloud',
    terms: ['cloud', 'cloud provider', 'public cloud', 'hybrid cloud', 'multi cloud', 'cloud native'],
    related: { infrastructure: 0.3 },
  },
  {
    id: 'aws',
    terms: [
      'aws', 'amazon', 'amazon web services', 'ec2', 's3', 'lambda', 'ecs', 'ecr', 'eks', 'fargate', 'bedrock',
      'codebuild', 'codepipeline', 'codedeploy', 'cloudformation', 'cloudwatch', 'sigv4', 'sqs', 'sns', 'iam',
    ],
    related: { cloud: 0.6 },
  },
  {
    id: 'azure',
    terms: ['azure', 'microsoft azure', 'aks', 'azure sites', 'app service', 'entra', 'azure resources'],
    related: { cloud: 0.6 },
  },
  {
    id: 'gcp',
    terms: ['gcp', 'google cloud', 'gke', 'cloud run', 'bigquery', 'pubsub', 'pub sub', 'iap'],
    related: { cloud: 0.6 },
  },
  {
    id: 'kubernetes',
    terms: [
      'kubernetes', 'k8s', 'kube', 'kubectl', 'pod', 'cluster', 'helm', 'helm chart', 'namespace', 'openshift',
      'ocm', 'open cluster management', 'rancher', 'rafay', 'kustomize', 'custom resource', 'crd', 'workload',
      'replica', 'daemonset', 'statefulset', 'ingress',
    ],
    related: { containers: 0.5, infrastructure: 0.3 },
  },
  {
    id: 'containers',
    terms: ['container', 'docker', 'container image', 'image', 'oci', 'dockerfile', 'podman'],
    related: { kubernetes: 0.3 },
  },
  {
    id: 'artifact-registry',
    terms: [
      'artifact', 'artifact registry', 'registry', 'container registry', 'image registry', 'repository manager',
      'artifactory', 'jfrog', 'nexus', 'quay', 'harbor', 'ecr', 'docker hub', 'package registry', 'binary',
    ],
    related: { containers: 0.5, ci: 0.2 },
  },
  {
    id: 'infrastructure-as-code',
    terms: [
      'infrastructure as code', 'iac', 'terraform', 'terraform cloud', 'opentofu', 'pulumi', 'cloudformation',
      'crossplane', 'spacelift', 'hcl', 'cdk', 'ansible', 'provisioning', 'provision', 'atlantis', 'env0',
    ],
    related: { infrastructure: 0.5, cloud: 0.2 },
  },
  {
    id: 'infrastructure',
    terms: [
      'infrastructure', 'infra', 'server', 'virtual machine', 'vm', 'network', 'networking', 'datacenter',
      'puppet', 'puppetdb', 'chef', 'platform engineering', 'humanitec', 'platform orchestrator', 'environment',
    ],
  },
  {
    id: 'dev-environments',
    terms: [
      'devcontainer', 'dev container', 'development container', 'codespaces', 'coder', 'gitpod', 'workspace',
      'remote development', 'cloud ide', 'ide', 'vscode', 'vs code',
    ],
  },
  {
    id: 'messaging',
    terms: [
      'kafka', 'event streaming', 'streaming', 'topic', 'consumer', 'consumer group', 'consumer lag', 'producer',
      'partition', 'offset', 'message queue', 'queue', 'rabbitmq', 'sqs', 'pubsub', 'pub sub', 'kinesis', 'nats',
      'message broker', 'broker',
    ],
    related: { events: 0.3 },
  },
  {
    id: 'events',
    terms: ['event', 'event bus', 'webhook', 'subscribe', 'subscription', 'publish'],
    related: { messaging: 0.3 },
  },
  {
    id: 'api-gateway',
    terms: [
      'api gateway', 'gateway', '3scale', 'kong', 'apigee', 'api management', 'rate limit', 'tyk',
      'proxy', 'reverse proxy', 'sigv4',
    ],
    related: { api: 0.3 },
  },
];
