import { restartNote } from './restartNote';

const installation = (method: 'npm' | 'sandbox', roles: string[], requiresRestart = false) =>
  ({ method, requiresRestart, packages: roles.map((role, i) => ({ name: `@acme/p${i}`, role })) }) as any;

describe('restartNote', () => {
  it('says what must happen before the plugin works, by how it installs', () => {
    expect(restartNote(installation('npm', ['backend-plugin', 'frontend-plugin']))).toEqual({
      needed: true,
      sentence: 'The backend must restart before the plugin works.',
    });
    expect(restartNote(installation('npm', ['frontend-plugin']))).toEqual({
      needed: true,
      sentence: 'The app is built again with it (about a minute), and the backend serves it after a restart.',
    });
    expect(restartNote(installation('sandbox', []))).toEqual({ needed: false, sentence: 'It works at once, without a restart.' });
    expect(restartNote(installation('npm', ['common-library']))).toEqual({ needed: false, sentence: 'It works without a restart.' });
    expect(restartNote(installation('npm', ['common-library'], true)).needed).toBe(true);
  });
});
