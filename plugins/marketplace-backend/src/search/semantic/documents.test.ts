import { documentText } from './documents';

describe('documentText', () => {
  it('puts the plugin first and each module once, without summaries that repeat package names', () => {
    const text = documentText({
      id: 'backstage.scaffolder',
      contentHash: 'h',
      name: 'Scaffolder',
      description: 'The Backstage plugin that helps you create new things',
      tags: ['scaffolder'],
      category: 'scaffolding',
      author: 'Backstage',
      packages: [
        { name: '@backstage/plugin-scaffolder', description: 'The Backstage plugin that helps you create new things' },
        { name: '@backstage/plugin-scaffolder-backend-module-github', description: 'The github module for @backstage/plugin-scaffolder-backend' },
        { name: '@backstage/plugin-scaffolder-backend-module-cookiecutter', description: 'A module for the scaffolder backend that lets you template projects using cookiecutter' },
        { name: '@backstage/plugin-scaffolder-node', description: 'Node.js library for the scaffolder plugin' },
        { name: '@backstage/plugin-scaffolder-react', description: 'A frontend library that helps other Backstage plugins interact with the Scaffolder' },
      ],
    });
    expect(text.split('\n')).toEqual([
      'Scaffolder',
      'The Backstage plugin that helps you create new things',
      'scaffolder',
      'Scaffolding & Templates',
      'Backstage',
      'scaffolder',
      'Modules: github, cookiecutter',
      'A frontend library that helps other Backstage plugins interact with the Scaffolder',
    ]);
  });

  it('names a plugin by its scope when its packages have no name of their own', () => {
    const text = documentText({
      id: 'pagerduty.pagerduty',
      contentHash: 'h',
      name: 'Pagerduty',
      description: '',
      tags: [],
      category: 'unknown-category',
      author: 'Pagerduty',
      packages: [{ name: '@pagerduty/backstage-plugin-backend' }],
    });
    expect(text.split('\n')).toEqual(['Pagerduty', 'unknown-category', 'Pagerduty', 'pagerduty']);
  });
});
