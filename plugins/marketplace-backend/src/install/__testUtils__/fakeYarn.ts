import { promises as fs } from 'node:fs';
import { join } from 'node:path';

/*
 * The real yarn and the real build run in the e2e suite (e2e/tests/frontend-install.spec.ts
 * installs @backstage/plugin-catalog-graph from npm). Tests of the engine use this stand-in: it
 * records its calls in `<root>/calls.log`, rewrites `<root>/yarn.lock` from the app's package.json
 * on `install` (failing for a package named "…missing…") and "builds" `packages/app/dist/` on
 * `run build` (failing for a package named "…broken…").
 */
const SCRIPT = `
const fs = require('node:fs');
const path = require('node:path');
// The monorepo root: where yarn.lock is, from the directory yarn runs in.
let root = process.cwd();
while (!fs.existsSync(path.join(root, 'yarn.lock'))) root = path.dirname(root);
fs.appendFileSync(path.join(root, 'calls.log'), JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd(), registry: process.env.YARN_NPM_REGISTRY_SERVER, token: process.env.YARN_NPM_AUTH_TOKEN, immutable: process.env.YARN_ENABLE_IMMUTABLE_INSTALLS }) + '\\n');
const app = path.join(root, 'packages/app');
const deps = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8')).dependencies;
if (process.argv[2] === 'install') {
  if (Object.keys(deps).some(name => name.includes('missing'))) { console.error('YN0035: package not found on the registry'); process.exit(1); }
  fs.writeFileSync(path.join(root, 'yarn.lock'), Object.entries(deps).map(([n, v]) => n + '@' + v).join('\\n') + '\\n');
  console.log('YN0000: Done');
} else if (process.argv[2] === 'run' && process.argv[3] === 'build') {
  if (Object.keys(deps).some(name => name.includes('broken'))) { console.error('Module not found: broken'); process.exit(2); }
  fs.rmSync(path.join(app, 'dist'), { recursive: true, force: true });
  fs.mkdirSync(path.join(app, 'dist'));
  fs.writeFileSync(path.join(app, 'dist/index.html'), Object.keys(deps).join(','));
  console.log('Built');
} else { process.exit(3); }
`;

/** Writes the stand-in for yarn into `dir` and gives its path; it works on the monorepo it runs in. */
export async function writeFakeYarn(dir: string): Promise<string> {
  const yarn = join(dir, 'fake-yarn');
  await fs.writeFile(yarn, `#!${process.execPath}\n${SCRIPT}`, { mode: 0o755 });
  return yarn;
}

/** A monorepo root's app: packages/app/package.json with `dependencies`, and a yarn.lock. */
export async function writeApp(root: string, dependencies: Record<string, string>): Promise<void> {
  await fs.mkdir(join(root, 'packages/app/src'), { recursive: true });
  await fs.writeFile(join(root, 'packages/app/package.json'), `${JSON.stringify({ name: 'app', private: true, dependencies }, null, 2)}\n`);
  await fs.writeFile(join(root, 'yarn.lock'), 'original lockfile\n');
}
