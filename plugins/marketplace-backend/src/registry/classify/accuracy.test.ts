import {
  isPluginCategory,
  PluginCategory,
} from '@internal/backstage-plugin-marketplace-common';
import { identifyPackage } from '../identity';
import { ClassificationInput, explainClassification } from './classify';
import sample from './__fixtures__/labelled-sample.json';

/**
 * One row of the labelled sample: a real package of the npm snapshot with
 * the category a person chose for it from its name, summary and what is known
 * of it. Rows of the `tuning` split were looked at while the rules were
 * written; `holdout` rows were labelled at the same time but kept out of the
 * tuning, so their accuracy is the honest estimate.
 */
interface LabelledRow {
  row: number;
  name: string;
  summary: string;
  category: PluginCategory;
  split: 'tuning' | 'holdout';
  note?: string;
}

const rows = sample as LabelledRow[];

// Mirrors how the seed source asks for a category: the plugin name from the
// package name, the summary, the package itself, and the name's words as tags.
const GENERIC_WORDS = new Set(['backstage', 'plugin', 'module', 'backend', 'frontend', 'common', 'node', 'react']);
function asSeedListing(row: LabelledRow): ClassificationInput {
  const { pluginName } = identifyPackage(row.name);
  return {
    name: pluginName,
    description: row.summary,
    packages: [row.name],
    tags: pluginName.split('-').filter(w => w.length > 1 && !GENERIC_WORDS.has(w)),
  };
}

function asBarePackage(row: LabelledRow): ClassificationInput {
  return { name: row.name, description: row.summary };
}

function measure(subset: LabelledRow[], toInput: (row: LabelledRow) => ClassificationInput) {
  const misses = subset.flatMap(row => {
    const result = explainClassification(toInput(row));
    if (result.category === row.category) {
      return [];
    }
    const top = result.scores
      .slice(0, 3)
      .map(s => `${s.category} ${s.points}`)
      .join(', ');
    return [`  #${row.row} ${row.name}: labelled ${row.category}, got ${result.category} (${top})`];
  });
  const correct = subset.length - misses.length;
  return { n: subset.length, correct, accuracy: correct / subset.length, misses };
}

function report(title: string, result: ReturnType<typeof measure>) {
  // Printed on purpose: the number and the misses are what a rule change is judged by.
  // eslint-disable-next-line no-console
  console.log(
    `${title}: ${result.correct}/${result.n} = ${(result.accuracy * 100).toFixed(1)}%\n${result.misses.join('\n')}`,
  );
}

describe('classifier accuracy on the labelled sample', () => {
  it('is a sample of real packages with valid labels', () => {
    expect(rows.length).toBeGreaterThanOrEqual(120);
    expect(rows.filter(r => !isPluginCategory(r.category))).toEqual([]);
    expect(new Set(rows.map(r => r.name)).size).toBe(rows.length);
    // The hard cases are in it: empty summaries and every kind of helper package.
    expect(rows.filter(r => r.summary === '').length).toBeGreaterThan(50);
    for (const suffix of ['-common', '-node', '-react', '-backend-module-']) {
      expect(rows.filter(r => r.name.includes(suffix)).length).toBeGreaterThan(5);
    }
  });

  it('classifies at least 85% of the sample right, as the seed source calls it', () => {
    const all = measure(rows, asSeedListing);
    report('all rows', all);
    report('holdout rows', measure(rows.filter(r => r.split === 'holdout'), asSeedListing));
    expect(all.accuracy).toBeGreaterThanOrEqual(0.85);
  });

  it('classifies at least 85% of the sample right from a bare package name and summary', () => {
    const all = measure(rows, asBarePackage);
    report('bare package names', all);
    expect(all.accuracy).toBeGreaterThanOrEqual(0.85);
  });
});
