import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { addBackendFeatures, addsPackage, EXPORTED_FEATURES_COMMENT } from './backendIndexEdit';

const INDEX = readFileSync(resolve(__dirname, '../../../../../packages/backend/src/index.ts'), 'utf8');
const PATH = 'packages/backend/src/index.ts';

describe('addBackendFeatures', () => {
  it('adds one backend.add line per package under a comment just before backend.start()', () => {
    const edited = addBackendFeatures(INDEX, ['@acme/plugin-board-backend', '@acme/plugin-board-backend-module-github'], PATH);
    const lines = edited.split('\n');
    const start = lines.indexOf('backend.start();');
    expect(lines.slice(start - 4, start + 1)).toEqual([
      EXPORTED_FEATURES_COMMENT,
      "backend.add(import('@acme/plugin-board-backend'));",
      "backend.add(import('@acme/plugin-board-backend-module-github'));",
      '',
      'backend.start();',
    ]);
    // Everything that was there is there, in the same order.
    expect(lines.filter((_, i) => i < start - 4 || i >= start)).toEqual(INDEX.split('\n'));
  });

  it('is idempotent, and a later export adds to the same block', () => {
    const once = addBackendFeatures(INDEX, ['@acme/plugin-board-backend'], PATH);
    expect(addBackendFeatures(once, ['@acme/plugin-board-backend'], PATH)).toBe(once);
    const twice = addBackendFeatures(once, ['@acme/plugin-board-backend', '@acme/plugin-other-backend'], PATH);
    expect(twice.split(EXPORTED_FEATURES_COMMENT)).toHaveLength(2);
    expect(twice).toContain(
      `${EXPORTED_FEATURES_COMMENT}\nbackend.add(import('@acme/plugin-board-backend'));\nbackend.add(import('@acme/plugin-other-backend'));\n\nbackend.start();`,
    );
  });

  it('sees packages the file already adds, on one line or split over several', () => {
    expect(addsPackage(INDEX, '@backstage/plugin-catalog-backend')).toBe(true);
    expect(addsPackage(INDEX, '@internal/backstage-plugin-catalog-backend-module-marketplace')).toBe(true);
    expect(addsPackage(INDEX, '@backstage/plugin-catalog')).toBe(false);
    expect(addBackendFeatures(INDEX, ['@backstage/plugin-catalog-backend', '@internal/backstage-plugin-catalog-backend-module-marketplace'], PATH)).toBe(INDEX);
  });

  it('keeps Windows line endings', () => {
    const crlf = 'const backend = createBackend();\r\nbackend.start();\r\n';
    expect(addBackendFeatures(crlf, ['@a/b-backend'], PATH)).toBe(
      `const backend = createBackend();\r\n${EXPORTED_FEATURES_COMMENT}\r\nbackend.add(import('@a/b-backend'));\r\n\r\nbackend.start();\r\n`,
    );
  });

  it('refuses an index without backend.start(), naming the file', () => {
    expect(() => addBackendFeatures('export {};\n', ['@a/b-backend'], PATH)).toThrow(/packages\/backend\/src\/index.ts has no 'backend.start\(\);' line/);
  });
});
