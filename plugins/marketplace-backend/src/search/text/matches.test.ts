import { createSearch } from './__testUtils__/searchSetup';
import { CandidateColumns } from './CandidateColumns';
import { loadCandidates } from './candidates';
import { similarNames } from './matches';
import { FUZZY_THRESHOLD } from './scoring';
import { pluginNameText } from './suggestions';
import { wordSimilarity } from './trigram';

jest.setTimeout(120_000);

describe('similarNames on the seed', () => {
  it.each(['kuberntes', 'sonarqbe', 'pagerduti', 'jenkins pipline', 'argo cd', 'techdcs', 'cost insihgts', 'zzz'])(
    'finds for %j every name as similar as pg_trgm says, and no other',
    async text => {
      const { knex } = await createSearch('SQLITE_3', { seed: true });
      const columns = CandidateColumns.build(await loadCandidates(knex));
      const expected = new Map<string, number>();
      columns.rows.forEach(row => {
        const similarity = wordSimilarity(text, pluginNameText(row.name, row.id));
        if (similarity >= FUZZY_THRESHOLD) expected.set(row.id, similarity);
      });
      const found = similarNames(columns, text, () => false);
      const actual = new Map([...found].map(([row, similarity]) => [columns.ids[row], similarity]));
      expect(actual).toEqual(expected);
    },
  );

  it('measures only the rows asked for, and leaves out those skipped', async () => {
    const { knex } = await createSearch('SQLITE_3', { seed: true });
    const columns = CandidateColumns.build(await loadCandidates(knex));
    const kubernetes = columns.rowOf.get('backstage.kubernetes')!;
    const sonarqube = columns.rowOf.get('backstage-community.sonarqube')!;
    const found = similarNames(columns, 'kuberntes', () => false, [kubernetes, sonarqube]);
    expect([...found.keys()]).toEqual([kubernetes]);
    expect(similarNames(columns, 'kuberntes', row => row === kubernetes, [kubernetes]).size).toBe(0);
  });
});
