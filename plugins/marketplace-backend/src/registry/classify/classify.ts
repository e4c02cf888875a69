import { PluginCategory } from '@internal/backstage-plugin-marketplace-common';
import { POSITION_DECAY, SOURCE_WEIGHTS, TIE_ORDER } from './rules';
import { matchTerms, parseName, TermMatch, words } from './tokens';

/**
 * What the classifier looks at.
 *
 * @public
 */
export interface ClassificationInput {
  name: string;
  description?: string;
  tags?: string[];
  /** npm package names of the plugin. */
  packages?: string[];
  keywords?: string[];
}

/**
 * One reason a category got points.
 *
 * @public
 */
export interface ClassificationEvidence {
  category: PluginCategory;
  /** Where the word was found, a key of {@link SOURCE_WEIGHTS}. */
  source: keyof typeof SOURCE_WEIGHTS;
  /** The matched term, or `@backstage` for a framework package. */
  term: string;
  points: number;
}

/**
 * The classifier's answer with the reasons for it.
 *
 * @public
 */
export interface Classification {
  category: PluginCategory;
  /** Points per category that got any, highest first. */
  scores: Array<{ category: PluginCategory; points: number }>;
  evidence: ClassificationEvidence[];
}

type Source = keyof typeof SOURCE_WEIGHTS;

function collect(
  evidence: ClassificationEvidence[],
  matches: TermMatch[],
  source: Source,
  share: number,
  decay: boolean,
) {
  matches.forEach((match, position) => {
    const positionFactor = decay ? POSITION_DECAY ** position : 1;
    evidence.push({
      category: match.category,
      source,
      term: match.term,
      points: SOURCE_WEIGHTS[source] * match.weight * positionFactor * share,
    });
  });
}

function collectName(
  evidence: ClassificationEvidence[],
  name: string,
  sources: { head: Source; module: Source },
  share: number,
) {
  const parsed = parseName(name);
  collect(evidence, matchTerms(parsed.head, { inName: true }), sources.head, share, true);
  collect(evidence, matchTerms(parsed.module, { inName: true }), sources.module, share, true);
  collect(evidence, matchTerms(parsed.publisher, { inName: true }), 'publisher', share, true);
  if (parsed.framework) {
    evidence.push({
      category: 'core',
      source: 'framework',
      term: '@backstage',
      points: SOURCE_WEIGHTS.framework * share,
    });
  }
}

function unique(matches: TermMatch[]): TermMatch[] {
  return matches.filter((m, i) => matches.findIndex(other => other.term === m.term) === i);
}

/**
 * Classifies a plugin and says why: every matched word with the points it
 * gave, so that a surprising category can be traced to its cause.
 *
 * Names weigh most, then tags and keywords, then the words of the
 * description; the npm packages of a plugin share one name's worth of weight
 * so a plugin with many modules is not decided by them. Within a name the
 * first words count more. The weights are in `rules.ts`.
 *
 * @public
 */
export function explainClassification(input: ClassificationInput): Classification {
  const evidence: ClassificationEvidence[] = [];

  collectName(evidence, input.name, { head: 'name', module: 'nameModule' }, 1);
  const packages = [...new Set(input.packages ?? [])];
  for (const pkg of packages) {
    collectName(evidence, pkg, { head: 'package', module: 'packageModule' }, 1 / packages.length);
  }
  for (const [source, labels] of [
    ['tag', input.tags ?? []],
    ['keyword', input.keywords ?? []],
  ] as const) {
    // A word repeated in several tags is still one signal.
    const matches = unique(labels.flatMap(label => matchTerms(words(label), { inName: true })));
    collect(evidence, matches, source, 1, false);
  }
  const described = unique(matchTerms(words(input.description ?? ''), { inName: false }));
  collect(evidence, described, 'description', 1, false);

  const totals = new Map<PluginCategory, number>();
  for (const e of evidence) {
    totals.set(e.category, (totals.get(e.category) ?? 0) + e.points);
  }
  // Rounded so that equal sums reached in a different order still tie.
  const round = (points: number) => Math.round(points * 1000) / 1000;
  const scores = [...totals]
    .map(([category, points]) => ({ category, points: round(points) }))
    .sort(
      (a, b) =>
        b.points - a.points || TIE_ORDER.indexOf(a.category) - TIE_ORDER.indexOf(b.category),
    );
  return { category: scores[0]?.category ?? 'other', scores, evidence };
}

/**
 * Picks the category of a plugin that declares none, from its name, package
 * names, tags, keywords and description; `other` when nothing is recognised.
 * See {@link explainClassification} for how.
 *
 * @public
 */
export function classifyPlugin(input: ClassificationInput): PluginCategory {
  return explainClassification(input).category;
}
