import { mockServices } from '@backstage/backend-test-utils';
import { makeListing } from '../../../__testUtils__/listings';
import { databases } from '../../../__testUtils__/storage';
import { DatabaseRegistryStore } from '../../../registry/DatabaseRegistryStore';
import { StoredListing } from '../../../registry/RegistryStore';
import { DatabaseEmbeddingStore } from '../DatabaseEmbeddingStore';
import { EmbeddingProvider, normalize } from '../EmbeddingProvider';

/** A registry and an embedding store on one fresh database. */
export async function semanticStorage(databaseId: string) {
  const knex = await databases.init(databaseId as 'SQLITE_3');
  const database = mockServices.database({ knex });
  const registry = await DatabaseRegistryStore.create({ database });
  const store = await DatabaseEmbeddingStore.create({ database });
  return { knex, registry, store };
}

/** A listing that says what it does in its name and summary. */
export function describedListing(id: string, name: string, description: string): StoredListing {
  return makeListing(id, { spec: { name, description, tags: [] } });
}

/** Four listings whose words share little with the queries the tests ask. */
export const LISTINGS = [
  describedListing('test.pagerduty', 'PagerDuty', 'Shows PagerDuty services and who is on duty'),
  describedListing('test.cost', 'Cost Insights', 'Keep track of your cloud spend'),
  describedListing('test.jenkins', 'Jenkins', 'Builds and jobs from Jenkins'),
  describedListing('test.techdocs', 'TechDocs', 'Technical documentation sites for your components'),
];

/**
 * A provider that is not corpus-fitted: one dimension per keyword it knows,
 * and it counts its calls.
 */
export class KeywordProvider implements EmbeddingProvider {
  readonly dimensions: number;
  calls = 0;
  embedded = 0;

  constructor(
    readonly id: string,
    private readonly keywords: string[],
  ) {
    this.dimensions = keywords.length + 1;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls += 1;
    this.embedded += texts.length;
    return texts.map(text => {
      const vector = new Float32Array(this.dimensions);
      const lower = text.toLowerCase();
      this.keywords.forEach((keyword, i) => {
        if (lower.includes(keyword)) vector[i] = 1;
      });
      // Every text gets a little of the last dimension, so no vector is zero.
      vector[this.keywords.length] = 0.1;
      return normalize(vector);
    });
  }
}
