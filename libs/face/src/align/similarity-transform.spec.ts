import type { Point } from '../face.types';
import {
  applySimilarity,
  DegeneratePointsError,
  estimateSimilarity,
  invertSimilarity,
  type Similarity,
  similarityScale,
} from './similarity-transform';

const FACE: Point[] = [
  [120.5, 210.25],
  [190.75, 205.5],
  [158, 250],
  [130.25, 290.5],
  [185, 288],
];

function similarity(scale: number, degrees: number, tx: number, ty: number): Similarity {
  const radians = (degrees * Math.PI) / 180;
  return { a: scale * Math.cos(radians), b: scale * Math.sin(radians), tx, ty };
}

function expectTransform(actual: Similarity, expected: Similarity, digits = 9): void {
  expect(actual.a).toBeCloseTo(expected.a, digits);
  expect(actual.b).toBeCloseTo(expected.b, digits);
  expect(actual.tx).toBeCloseTo(expected.tx, digits - 3);
  expect(actual.ty).toBeCloseTo(expected.ty, digits - 3);
}

describe('estimateSimilarity', () => {
  it('recovers a known rotation, scale and translation exactly', () => {
    const known = similarity(0.43, 17, -35.5, 12.25);
    const target = FACE.map((p) => applySimilarity(known, p));
    expectTransform(estimateSimilarity(FACE, target), known);
  });

  it('recovers large rotations (upside-down faces) without turning them into reflections', () => {
    const known = similarity(2, 170, 400, -80);
    const target = FACE.map((p) => applySimilarity(known, p));
    expectTransform(estimateSimilarity(FACE, target), known);
  });

  it('gives the least-squares fit when the points do not match exactly', () => {
    const known = similarity(0.5, -8, 10, 20);
    const noise: Point[] = [
      [0.8, -0.3],
      [-0.5, 0.6],
      [0.2, 0.4],
      [-0.6, -0.5],
      [0.1, -0.2],
    ];
    const target = FACE.map((p, i) => {
      const [x, y] = applySimilarity(known, p);
      return [x + noise[i][0], y + noise[i][1]] as Point;
    });
    const fitted = estimateSimilarity(FACE, target);
    const residual = (t: Similarity) =>
      FACE.reduce((sum, p, i) => {
        const [x, y] = applySimilarity(t, p);
        return sum + (x - target[i][0]) ** 2 + (y - target[i][1]) ** 2;
      }, 0);
    expect(similarityScale(fitted)).toBeCloseTo(0.5, 1);
    // The fit is at least as good as the true transform, and any nudge makes it worse.
    expect(residual(fitted)).toBeLessThanOrEqual(residual(known) + 1e-9);
    for (const key of ['a', 'b', 'tx', 'ty'] as const) {
      for (const step of [1e-3, -1e-3]) {
        expect(residual({ ...fitted, [key]: fitted[key] + step })).toBeGreaterThan(residual(fitted));
      }
    }
  });

  it('round-trips through its inverse', () => {
    const t = similarity(1.7, 33, 5, -9);
    const inverse = invertSimilarity(t);
    for (const p of FACE) {
      const [x, y] = applySimilarity(inverse, applySimilarity(t, p));
      expect(x).toBeCloseTo(p[0], 9);
      expect(y).toBeCloseTo(p[1], 9);
    }
  });

  it('refuses degenerate inputs', () => {
    const same: Point[] = FACE.map(() => [100, 100]);
    expect(() => estimateSimilarity(same, FACE)).toThrow(DegeneratePointsError);
    expect(() => estimateSimilarity(FACE, same)).toThrow(/target points all coincide/);
    expect(() => estimateSimilarity(FACE.slice(0, 1), FACE.slice(0, 1))).toThrow(/at least two/);
    expect(() => estimateSimilarity(FACE, FACE.slice(0, 4))).toThrow(/5 source points but 4 target points/);
    const withNaN: Point[] = [...FACE.slice(0, 4), [Number.NaN, 3]];
    expect(() => estimateSimilarity(withNaN, FACE)).toThrow(/not a finite number/);
  });
});
