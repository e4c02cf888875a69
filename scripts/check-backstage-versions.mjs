#!/usr/bin/env node
// Proves the app runs one coherent Backstage release: every installed @backstage/* package
// has exactly one version, and it is the version scripts/backstage-release.json names.
// Exits 1 and lists the offenders otherwise (the skew that kills a backend at start-up).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const release = JSON.parse(
  readFileSync(join(root, 'scripts/backstage-release.json'), 'utf8'),
);
const backstageJson = JSON.parse(readFileSync(join(root, 'backstage.json'), 'utf8'));

/** @type {Map<string, Set<string>>} */
const installed = new Map();

function record(dir, name) {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return;
  const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
  if (!installed.has(name)) installed.set(name, new Set());
  installed.get(name).add(version);
}

function walk(nodeModules) {
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      for (const scoped of readdirSync(dir)) {
        const pkgDir = join(dir, scoped);
        if (entry.name === '@backstage') record(pkgDir, `@backstage/${scoped}`);
        const nested = join(pkgDir, 'node_modules');
        if (existsSync(nested)) walk(nested);
      }
    } else {
      const nested = join(dir, 'node_modules');
      if (existsSync(nested)) walk(nested);
    }
  }
}

for (const base of ['', 'packages', 'plugins']) {
  const dirs = base
    ? readdirSync(join(root, base)).map(d => join(root, base, d))
    : [root];
  for (const d of dirs) {
    const nm = join(d, 'node_modules');
    if (existsSync(nm)) walk(nm);
  }
}

const problems = [];
if (backstageJson.version !== release.releaseVersion) {
  problems.push(
    `backstage.json says ${backstageJson.version}, scripts/backstage-release.json pins ${release.releaseVersion}`,
  );
}
for (const [name, versions] of [...installed].sort()) {
  const wanted = release.packages[name];
  if (versions.size > 1) {
    problems.push(`${name}: ${[...versions].join(', ')} installed side by side`);
  } else if (wanted && !versions.has(wanted)) {
    problems.push(`${name}: ${[...versions][0]} installed, release ${release.releaseVersion} has ${wanted}`);
  } else if (!wanted) {
    problems.push(`${name}: ${[...versions][0]} is not part of release ${release.releaseVersion}`);
  }
}

if (problems.length) {
  console.error(`Backstage packages are skewed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `Backstage ${release.releaseVersion}: ${installed.size} @backstage/* packages, one version each, all from the release`,
);
