import type { Concept } from '../lexicon';

/**
 * Concepts of the developer portal itself: catalog, docs, templates, collaboration, AI.
 *
 * @public
 */
export const PORTAL_CONCEPTS: readonly Concept[] = [
  // Portal and catalog
  {
    id: 'catalog',
    terms: [
      'catalog', 'software catalog', 'service catalog', 'entity', 'component', 'catalog info', 'inventory',
      'ownership', 'owner', 'system', 'microservice', 'service',
    ],
  },
  {
    id: 'catalog-ingestion',
    terms: [
      'import', 'ingest', 'ingestion', 'ingestor', 'discovery', 'register', 'registration', 'bulk import',
      'sync', 'synchronize', 'entity provider', 'processor', 'onboard repository', 'incremental ingestion',
    ],
    related: { catalog: 0.5 },
  },
  {
    id: 'relations-graph',
    terms: [
      'graph', 'relation', 'relationship', 'dependency graph', 'topology', 'map', 'lineage', 'visualize',
      'visualise', 'visualization', 'depends on', 'dependency between',
    ],
    related: { catalog: 0.4 },
  },
  {
    id: 'organization',
    terms: [
      'org', 'organization', 'organisation', 'team', 'group', 'user', 'people', 'member', 'org chart', 'directory',
      'msgraph', 'microsoft graph', 'employee', 'hierarchy',
    ],
    related: { catalog: 0.2 },
  },
  {
    id: 'search',
    terms: [
      'search', 'find', 'full text', 'elasticsearch', 'opensearch', 'collator', 'indexing', 'search engine',
      'lookup',
    ],
  },
  {
    id: 'documentation',
    terms: [
      'documentation', 'docs', 'doc', 'techdocs', 'readme', 'mkdocs', 'markdown', 'wiki', 'confluence', 'manual',
      'guide', 'handbook', 'technical documentation', 'knowledge base', 'docs like code', 'docusaurus',
    ],
  },
  {
    id: 'api',
    terms: [
      'api', 'openapi', 'swagger', 'asyncapi', 'graphql', 'grpc', 'protobuf', 'wsdl', 'soap', 'api docs',
      'api documentation', 'api spec', 'api definition', 'rest api',
    ],
    related: { documentation: 0.3 },
  },
  {
    id: 'diagrams',
    terms: ['diagram', 'mermaid', 'plantuml', 'drawio', 'draw io', 'c4 model', 'flowchart', 'kroki', 'sequence diagram'],
    related: { documentation: 0.4 },
  },
  {
    id: 'adr',
    terms: [
      'adr', 'architecture decision', 'architecture decision record', 'decision record', 'decision log', 'madr',
      'architecture',
    ],
    related: { documentation: 0.5 },
  },
  {
    id: 'badges',
    terms: ['badge', 'shield', 'readme badge', 'status badge'],
    related: { documentation: 0.3 },
  },
  {
    id: 'scaffolding',
    terms: [
      'scaffold', 'scaffolder', 'scaffolding', 'template', 'software template', 'templating', 'boilerplate',
      'bootstrap', 'starter', 'skeleton', 'cookiecutter', 'yeoman', 'golden path', 'new project', 'new service',
      'create component', 'generator', 'scaffolder action', 'custom action', 'rails',
    ],
  },
  {
    id: 'workflow-automation',
    terms: [
      'workflow', 'orchestrator', 'orchestration', 'automation', 'automate', 'serverless workflow',
      'runbook', 'self service', 'job', 'task', 'schedule',
    ],
  },
  {
    id: 'home-page',
    terms: ['home page', 'homepage', 'start page', 'landing page', 'widget', 'card', 'personalize', 'personalise'],
  },
  {
    id: 'ui-theme',
    terms: [
      'theme', 'theming', 'branding', 'brand', 'dark mode', 'light mode', 'color', 'colour', 'palette', 'logo',
      'styling', 'css', 'look and feel', 'design system', 'material ui', 'mui', 'bui', 'canon', 'font',
    ],
    related: { 'ui-layout': 0.3 },
  },
  {
    id: 'ui-layout',
    terms: ['header', 'navigation', 'nav', 'sidebar', 'menu', 'toolbar', 'layout', 'ui', 'user interface', 'frontend'],
  },
  {
    id: 'i18n',
    terms: [
      'translation', 'translate', 'i18n', 'l10n', 'localization', 'localisation', 'locale', 'internationalization',
      'internationalisation', 'multilingual',
    ],
  },
  {
    id: 'settings',
    terms: ['settings', 'user settings', 'preference', 'profile', 'configuration', 'config'],
  },
  {
    id: 'bookmarks',
    terms: ['playlist', 'collection', 'favorite', 'favourite', 'bookmark', 'starred', 'curated list', 'shortcut'],
  },
  {
    id: 'portal-analytics',
    terms: [
      'analytics', 'adoption', 'usage', 'usage trend', 'engagement', 'active user', 'page view', 'pageview',
      'visit', 'matomo', 'google analytics', 'adoption insights', 'backstage insights', 'benchmark',
    ],
  },
  {
    id: 'extensions',
    terms: [
      'extension', 'plugin marketplace', 'marketplace', 'dynamic plugin', 'dynamic feature', 'module federation',
      'install plugin',
    ],
  },
  // Collaboration
  {
    id: 'chat',
    terms: [
      'slack', 'microsoft teams', 'ms teams', 'mattermost', 'discord', 'chat', 'chatops', 'channel', 'webex',
    ],
    related: { notifications: 0.3 },
  },
  {
    id: 'notifications',
    terms: ['notification', 'notify', 'email', 'mail', 'inbox', 'digest', 'signals', 'push notification', 'sms'],
    related: { chat: 0.2 },
  },
  {
    id: 'announcements',
    terms: ['announcement', 'announce', 'news', 'newsletter', 'blog', 'banner', 'broadcast', 'company news'],
    related: { notifications: 0.3 },
  },
  {
    id: 'questions-answers',
    terms: [
      'question', 'answer', 'qeta', 'stack overflow', 'stackoverflow', 'faq', 'forum', 'discussion', 'ask',
      'knowledge sharing', 'community',
    ],
    related: { documentation: 0.2 },
  },
  {
    id: 'feedback',
    terms: [
      'feedback', 'rating', 'rate', 'survey', 'kudos', 'nps', 'satisfaction', 'opinion', 'thumbs up', 'pulse',
      'sentiment', 'poll',
    ],
  },
  {
    id: 'calendar',
    terms: [
      'calendar', 'meeting', 'gcalendar', 'google calendar', 'outlook', 'agenda', 'appointment',
      'microsoft calendar',
    ],
  },
  {
    id: 'skills',
    terms: [
      'skill', 'skill exchange', 'mentoring', 'mentor', 'mentorship', 'learning', 'training', 'course',
      'expertise', 'upskill', 'hackathon',
    ],
  },
  {
    id: 'inner-source',
    terms: [
      'inner source', 'innersource', 'bazaar', 'contributor', 'contribute', 'contribution', 'open source project',
      'side project', 'volunteer', 'project idea',
    ],
    related: { skills: 0.3 },
  },
  {
    id: 'onboarding',
    terms: ['onboarding', 'getting started', 'quickstart', 'quick start', 'tutorial', 'walkthrough', 'welcome'],
  },
  // AI
  {
    id: 'ai',
    terms: [
      'ai', 'artificial intelligence', 'llm', 'large language model', 'gpt', 'openai', 'chatgpt', 'genai',
      'generative ai', 'bedrock', 'claude', 'anthropic', 'gemini', 'ollama', 'machine learning', 'ml',
      'chatbot', 'chat bot', 'assistant', 'ai assistant', 'copilot', 'rag', 'retrieval augmented',
      'retrieval augmented generation', 'embedding', 'vector', 'prompt', 'agent', 'natural language', 'aika',
      'augmenter',
    ],
  },
  {
    id: 'mcp',
    terms: ['mcp', 'model context protocol', 'mcp server', 'tool calling', 'agent tool'],
    related: { ai: 0.6 },
  },
  {
    id: 'developer-tools',
    terms: [
      'toolbox', 'tool', 'utility', 'whois', 'dns', 'encoder', 'decoder', 'converter', 'formatter', 'cli',
      'command line', 'regex',
    ],
  },
];
