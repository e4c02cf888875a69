import { deflateSync, inflateSync } from 'node:zlib';

/** Document frequencies are counted per bucket of this many: small to store, few collisions. */
const BUCKET_BITS = 16;
const BUCKETS = 1 << BUCKET_BITS;

/**
 * 32-bit FNV-1a hash of a string.
 *
 * @public
 */
export function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * How many documents of a corpus contain each feature, hashed into 65 536
 * buckets, and how many documents there are: what inverse document
 * frequencies are computed from. Serialised compactly to be stored with the
 * index.
 *
 * @public
 */
export class TermStatistics {
  private constructor(
    private readonly frequencies: Uint32Array,
    private documentCount: number,
  ) {}

  static empty(): TermStatistics {
    return new TermStatistics(new Uint32Array(BUCKETS), 0);
  }

  static deserialize(serialized: string): TermStatistics {
    const parsed = JSON.parse(serialized) as { documents: number; frequencies: string };
    const bytes = inflateSync(Buffer.from(parsed.frequencies, 'base64'));
    if (bytes.byteLength !== BUCKETS * 4 || !Number.isInteger(parsed.documents)) {
      throw new Error('Invalid term statistics');
    }
    const frequencies = new Uint32Array(BUCKETS);
    new Uint8Array(frequencies.buffer).set(bytes);
    return new TermStatistics(frequencies, parsed.documents);
  }

  /** Counts one document, given the distinct keys of its features. */
  addDocument(keys: Iterable<string>) {
    for (const key of keys) {
      this.frequencies[hashString(key) & (BUCKETS - 1)] += 1;
    }
    this.documentCount += 1;
  }

  get documents(): number {
    return this.documentCount;
  }

  /** Whether any counted document had a feature (or another of its bucket). */
  seen(key: string): boolean {
    return this.frequencies[hashString(key) & (BUCKETS - 1)] > 0;
  }

  /**
   * Smoothed inverse document frequency, 1 for a feature in every document
   * and growing as features get rarer; 1 for everything before any document
   * was counted.
   */
  idf(key: string): number {
    if (this.documentCount === 0) return 1;
    const df = this.frequencies[hashString(key) & (BUCKETS - 1)];
    return Math.log((this.documentCount + 1) / (df + 1)) + 1;
  }

  serialize(): string {
    const bytes = Buffer.from(
      this.frequencies.buffer,
      this.frequencies.byteOffset,
      this.frequencies.byteLength,
    );
    return JSON.stringify({
      documents: this.documentCount,
      frequencies: deflateSync(bytes).toString('base64'),
    });
  }
}
