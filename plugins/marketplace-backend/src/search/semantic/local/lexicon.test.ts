import { CONCEPTS } from './lexicon';

describe('CONCEPTS', () => {
  it('have unique ids', () => {
    const ids = CONCEPTS.map(c => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('relate only to concepts that exist, with strengths between 0 and 1', () => {
    const ids = new Set(CONCEPTS.map(c => c.id));
    for (const concept of CONCEPTS) {
      for (const [related, strength] of Object.entries(concept.related ?? {})) {
        expect({ concept: concept.id, related, known: ids.has(related) }).toEqual({
          concept: concept.id,
          related,
          known: true,
        });
        expect(strength).toBeGreaterThan(0);
        expect(strength).toBeLessThanOrEqual(1);
      }
    }
  });

  it('list lowercase terms only', () => {
    const terms = CONCEPTS.flatMap(c => c.terms);
    expect(terms.filter(t => t !== t.toLowerCase() || t.trim() !== t)).toEqual([]);
  });
});
