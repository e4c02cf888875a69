import { PluginSpecification } from '../types/PluginSpecification';

/** A complete, valid specification to derive test cases from. */
export function validSpec(
  overrides: Partial<PluginSpecification> = {},
): PluginSpecification {
  return {
    id: 'backstage-community.todo',
    name: 'TODO',
    version: '0.12.3',
    description: 'Lists TODO comments found in the source code of entities.',
    author: { name: 'Backstage Community' },
    license: 'Apache-2.0',
    tags: ['code-quality', 'todo'],
    category: 'quality',
    dependencies: { '@backstage/backend-plugin-api': '^1.10.0' },
    peerDependencies: { react: '^18.0.0' },
    backstageVersion: '>=1.40.0',
    environmentVariables: [],
    provides: [{ type: 'api', id: '/api/todo' }],
    requires: [{ type: 'plugin', id: 'catalog' }],
    installation: {
      method: 'npm',
      packages: [
        { name: '@backstage-community/plugin-todo', role: 'frontend-plugin' },
        {
          name: '@backstage-community/plugin-todo-backend',
          role: 'backend-plugin',
        },
      ],
    },
    permissions: [],
    documentation: { repository: 'https://github.com/backstage/community-plugins' },
    ...overrides,
  };
}
