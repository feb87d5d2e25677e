import { cosineSimilarity, normaliseInPlace } from './vector-math';

describe('vector maths', () => {
  it('normalises to unit length and leaves zero vectors alone', () => {
    expect(Array.from(normaliseInPlace(Float32Array.from([3, 4])))).toEqual([0.6000000238418579, 0.800000011920929]);
    expect(normaliseInPlace([0, 0, 0])).toEqual([0, 0, 0]);
  });

  it('computes the plain cosine', () => {
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 2], [-1, -2])).toBeCloseTo(-1, 12);
    expect(cosineSimilarity([1, 1], [1, 0])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(/lengths differ/);
  });
});
