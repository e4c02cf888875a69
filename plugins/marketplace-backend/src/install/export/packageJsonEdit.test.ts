import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { addDependencies } from './packageJsonEdit';

const BACKEND = readFileSync(resolve(__dirname, '../../../../../packages/backend/package.json'), 'utf8');

describe('addDependencies', () => {
  it('adds packages at exact versions among the sorted dependencies and changes no other line', () => {
    const edited = addDependencies(
      BACKEND,
      [
        { name: '@acme/plugin-board-backend', version: '1.2.0' },
        { name: 'zz-last-backend', version: '0.1.0' },
      ],
      'packages/backend/package.json',
    );
    const dependencies = Object.keys(JSON.parse(edited).dependencies);
    expect(dependencies).toEqual([...dependencies].sort());
    expect(JSON.parse(edited).dependencies).toMatchObject({ '@acme/plugin-board-backend': '1.2.0', 'zz-last-backend': '0.1.0' });
    // The last dependency gains a comma; no other line changes.
    const strip = (text: string) => text.split('\n').map(line => line.replace(/,$/, ''));
    expect(strip(BACKEND).filter(line => !strip(edited).includes(line))).toEqual([]);
    expect(edited.split('\n').length).toBe(BACKEND.split('\n').length + 2);
    expect(edited.endsWith('}\n')).toBe(true);
  });

  it('is idempotent: packages already there at the version give back the same text', () => {
    const once = addDependencies(BACKEND, [{ name: '@acme/plugin-board-backend', version: '1.2.0' }], 'package.json');
    expect(addDependencies(once, [{ name: '@acme/plugin-board-backend', version: '1.2.0' }], 'package.json')).toBe(once);
  });

  it('moves a package already there to the version given', () => {
    const once = addDependencies(BACKEND, [{ name: '@acme/plugin-board-backend', version: '1.2.0' }], 'package.json');
    const moved = addDependencies(once, [{ name: '@acme/plugin-board-backend', version: '1.3.0' }], 'package.json');
    expect(JSON.parse(moved).dependencies['@acme/plugin-board-backend']).toBe('1.3.0');
    expect(moved.length).toBe(once.length);
  });

  it('keeps the indentation, the order of unsorted dependencies and a missing final newline', () => {
    const text = JSON.stringify({ name: 'app', dependencies: { react: '^18.0.0', '@b/x': '1.0.0' } }, null, 4);
    const edited = addDependencies(text, [{ name: '@a/plugin', version: '2.0.0' }], 'package.json');
    expect(edited).toBe(
      ['{', '    "name": "app",', '    "dependencies": {', '        "react": "^18.0.0",', '        "@b/x": "1.0.0",', '        "@a/plugin": "2.0.0"', '    }', '}'].join('\n'),
    );
  });

  it('creates the dependencies of a package that has none', () => {
    const edited = addDependencies('{\n  "name": "app"\n}\n', [{ name: '@a/plugin', version: '2.0.0' }], 'package.json');
    expect(edited).toBe('{\n  "name": "app",\n  "dependencies": {\n    "@a/plugin": "2.0.0"\n  }\n}\n');
  });

  it('refuses a file that is not a package.json, naming it', () => {
    expect(() => addDependencies('{ nope', [], 'packages/app/package.json')).toThrow(/packages\/app\/package.json is not valid JSON/);
    expect(() => addDependencies('[]', [], 'packages/app/package.json')).toThrow(/packages\/app\/package.json is not a package.json/);
  });
});
