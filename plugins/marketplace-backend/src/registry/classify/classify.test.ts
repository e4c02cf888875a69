import { isPluginCategory } from '@internal/backstage-plugin-marketplace-common';
import { classifyPlugin, explainClassification } from './classify';
import { TERM_RULES, TIE_ORDER } from './rules';
import { matchTerms, parseName } from './tokens';

describe('classifyPlugin', () => {
  it.each([
    // Modules follow their host plugin, whatever system they talk to.
    ['@backstage/plugin-catalog-backend-module-github', 'catalog'],
    ['@backstage/plugin-scaffolder-backend-module-github', 'scaffolding'],
    ['@backstage/plugin-auth-backend-module-github-provider', 'security'],
    ['@spotify/backstage-plugin-soundcheck-backend-module-pagerduty', 'quality'],
    ['@backstage/plugin-search-backend-module-techdocs', 'catalog'],
    ['@backstage/plugin-notifications-backend-module-slack', 'collaboration'],
    ['@alithya-oss/backstage-plugin-rag-ai-backend-embeddings-aws', 'ai'],
    ['@backstage/plugin-events-backend-module-github', 'core'],
    // The plugin itself, and its -common/-node/-react libraries.
    ['@immobiliarelabs/backstage-plugin-gitlab', 'source-control'],
    ['@backstage-community/plugin-azure-devops-common', 'source-control'],
    ['@backstage-community/plugin-tekton-react', 'ci-cd'],
    ['@backstage/plugin-kubernetes-node', 'infrastructure'],
    ['@backstage-community/plugin-rbac-common', 'security'],
    ['@backstage/plugin-techdocs-react', 'documentation'],
    // Phrases win over their words: GitHub Actions is CI, Azure DevOps is not Azure.
    ['@backstage/plugin-github-actions', 'ci-cd'],
    ['@backstage-community/plugin-azure-devops', 'source-control'],
    ['@backstage-community/plugin-azure-sites-backend', 'cloud'],
    // The scope is the only name some plugins have.
    ['@pagerduty/backstage-plugin-backend', 'monitoring'],
    ['@get-dx/backstage-backend-plugin', 'quality'],
    // Framework packages of the @backstage scope.
    ['@backstage/types', 'core'],
    ['@backstage/backend-plugin-api', 'core'],
    ['@backstage/frontend-defaults', 'core'],
    ['@backstage/plugin-app', 'core'],
  ])('puts %s in %s from its name alone', (name, category) => {
    expect(classifyPlugin({ name })).toBe(category);
  });

  it('gives the first word of a name more weight than the later ones', () => {
    // Equal terms: without the decay this would be a tie, won by security.
    expect(classifyPlugin({ name: '@terasky/backstage-plugin-crossplane-permissions-backend' })).toBe(
      'infrastructure',
    );
    expect(classifyPlugin({ name: 'permissions-crossplane' })).toBe('security');
  });

  it('returns other when nothing is recognised', () => {
    expect(classifyPlugin({ name: 'wibble', description: 'Does a thing for you.' })).toBe('other');
    expect(classifyPlugin({ name: '' })).toBe('other');
  });

  it('reads the description when the name says nothing', () => {
    expect(
      classifyPlugin({ name: 'acme-widget', description: 'Shows SonarQube findings for your components' }),
    ).toBe('quality');
  });

  it('lets a name outweigh a description word', () => {
    const input = { name: 'jenkins', description: 'Shows Kubernetes clusters' };
    expect(explainClassification(input).scores).toEqual([
      { category: 'ci-cd', points: 4.5 },
      { category: 'infrastructure', points: 2.5 },
    ]);
  });

  it('lets tags and keywords decide a plugin whose name is unknown', () => {
    expect(classifyPlugin({ name: 'acme', tags: ['grafana'] })).toBe('monitoring');
    expect(classifyPlugin({ name: 'acme', keywords: ['backstage', 'terraform'] })).toBe(
      'infrastructure',
    );
    expect(classifyPlugin({ name: 'acme', tags: ['vault'], description: 'kubernetes' })).toBe(
      'security',
    );
  });

  it('counts words like build and app in names but not in sentences', () => {
    expect(classifyPlugin({ name: 'acme-build' })).toBe('ci-cd');
    expect(classifyPlugin({ name: 'acme', description: 'Lets your app build things' })).toBe('other');
  });

  it('shares one weight among the packages so many modules do not outvote the name', () => {
    const modules = ['github', 'gitlab', 'bitbucket', 'gerrit', 'gitea'].map(
      scm => `@backstage/plugin-catalog-backend-module-${scm}`,
    );
    expect(classifyPlugin({ name: 'catalog', packages: modules })).toBe('catalog');
  });

  it('breaks ties by the fixed category order', () => {
    // One word each for security and catalog, in the same place.
    const result = explainClassification({ name: 'acme', description: 'vault catalog' });
    expect(result.scores.map(s => s.points)).toEqual([1.5, 1.5]);
    expect(result.category).toBe('security');
    expect(TIE_ORDER.indexOf('security')).toBeLessThan(TIE_ORDER.indexOf('catalog'));
  });

  it('gives the reasons for its answer', () => {
    const result = explainClassification({
      name: 'catalog',
      packages: ['@backstage/plugin-catalog-backend-module-github'],
      description: 'Integrates towards GitHub',
    });
    expect(result.category).toBe('catalog');
    expect(result.evidence).toEqual(
      expect.arrayContaining([
        { category: 'catalog', source: 'name', term: 'catalog', points: 4.5 },
        { category: 'catalog', source: 'package', term: 'catalog', points: 3 },
        { category: 'source-control', source: 'packageModule', term: 'github', points: 0.6 },
        { category: 'source-control', source: 'description', term: 'github', points: 0.6 },
      ]),
    );
    expect(result.scores[0]).toEqual({ category: 'catalog', points: 7.5 });
  });

  it('counts a word that repeats in the description once', () => {
    const once = explainClassification({ name: 'x', description: 'jenkins' });
    const thrice = explainClassification({ name: 'x', description: 'Jenkins, jenkins and JENKINS' });
    expect(thrice.scores).toEqual(once.scores);
  });
});

describe('parseName', () => {
  it.each([
    ['@backstage/plugin-catalog-backend-module-github', ['catalog'], ['github'], [], false],
    ['@roadiehq/rag-ai-backend-embeddings-aws', ['rag', 'ai'], ['embeddings', 'aws'], ['roadiehq'], false],
    ['@aws/amazon-ecr-plugin-for-backstage-backend', ['amazon', 'ecr'], [], ['aws'], false],
    ['@pagerduty/backstage-plugin-common', ['pagerduty'], [], [], false],
    ['backstage-plugin-techdocs-addon-mermaid', ['techdocs', 'addon', 'mermaid'], [], [], false],
    ['@backstage/backend-plugin-api', ['backend', 'api'], [], [], true],
    ['@backstage/plugin-events-backend-test-utils', ['events'], ['test', 'utils'], [], false],
    ['catalog', ['catalog'], [], [], false],
  ])('takes %s apart', (name, head, module, publisher, framework) => {
    expect(parseName(name)).toEqual({ head, module, publisher, framework });
  });
});

describe('the rule table', () => {
  it('names each term once, in lowercase words, for a real category', () => {
    const all = TERM_RULES.flatMap(rule => rule.terms);
    const duplicates = all.filter((term, i) => all.indexOf(term) !== i);
    expect(duplicates).toEqual([]);
    expect(all.filter(term => !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(term))).toEqual([]);
    expect(TERM_RULES.filter(rule => !isPluginCategory(rule.category))).toEqual([]);
  });

  it('orders every category for ties', () => {
    const categories = new Set(TERM_RULES.map(rule => rule.category));
    for (const category of categories) {
      expect(TIE_ORDER).toContain(category);
    }
  });

  it('matches the longest phrase first', () => {
    expect(matchTerms(['azure', 'devops', 'azure'], { inName: true }).map(m => m.term)).toEqual([
      'azure-devops',
      'azure',
    ]);
  });
});
