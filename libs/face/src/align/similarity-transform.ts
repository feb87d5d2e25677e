import type { Point } from '../face.types';

/**
 * A 2-D similarity (rotation, uniform scale, translation, no reflection):
 * `x' = a*x - b*y + tx`, `y' = b*x + a*y + ty`, where `a = s*cos(theta)`, `b = s*sin(theta)`.
 */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

export class DegeneratePointsError extends Error {
  constructor(reason: string) {
    super(`cannot estimate an alignment: ${reason}`);
    this.name = 'DegeneratePointsError';
  }
}

/**
 * Least-squares similarity mapping `source` points onto `target` points (Umeyama 1991, specialised
 * to 2-D: with the rotation written as (a, b) the optimum has a closed form, and it can never be a
 * reflection). Throws `DegeneratePointsError` when the points cannot define one (fewer than two,
 * non-finite, or all in the same place).
 */
export function estimateSimilarity(source: readonly Point[], target: readonly Point[]): Similarity {
  if (source.length !== target.length) {
    throw new DegeneratePointsError(`${source.length} source points but ${target.length} target points`);
  }
  if (source.length < 2) throw new DegeneratePointsError('at least two point pairs are needed');
  if (![...source, ...target].every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))) {
    throw new DegeneratePointsError('a point is not a finite number');
  }
  const [sourceMeanX, sourceMeanY] = centroid(source);
  const [targetMeanX, targetMeanY] = centroid(target);
  let sourceVariance = 0;
  let dot = 0;
  let cross = 0;
  for (let i = 0; i < source.length; i++) {
    const sx = source[i][0] - sourceMeanX;
    const sy = source[i][1] - sourceMeanY;
    const tx = target[i][0] - targetMeanX;
    const ty = target[i][1] - targetMeanY;
    sourceVariance += sx * sx + sy * sy;
    dot += sx * tx + sy * ty;
    cross += sx * ty - sy * tx;
  }
  const spread = Math.sqrt(sourceVariance / source.length);
  if (!(spread > 1e-6)) throw new DegeneratePointsError('the source points all coincide');
  const a = dot / sourceVariance;
  const b = cross / sourceVariance;
  if (Math.hypot(a, b) < 1e-9) throw new DegeneratePointsError('the target points all coincide');
  return {
    a,
    b,
    tx: targetMeanX - (a * sourceMeanX - b * sourceMeanY),
    ty: targetMeanY - (b * sourceMeanX + a * sourceMeanY),
  };
}

export function applySimilarity(t: Similarity, [x, y]: Point): Point {
  return [t.a * x - t.b * y + t.tx, t.b * x + t.a * y + t.ty];
}

export function invertSimilarity(t: Similarity): Similarity {
  const norm = t.a * t.a + t.b * t.b;
  const a = t.a / norm;
  const b = -t.b / norm;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

export function similarityScale(t: Similarity): number {
  return Math.hypot(t.a, t.b);
}

function centroid(points: readonly Point[]): Point {
  let x = 0;
  let y = 0;
  for (const [px, py] of points) {
    x += px;
    y += py;
  }
  return [x / points.length, y / points.length];
}
