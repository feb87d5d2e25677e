/** One point of the similarity → score curve. */
export interface CalibrationKnot {
  similarity: number;
  score: number;
  /** What the knot stands for, e.g. "FAR 1e-3 (stricter of all pairs, docsim) + margin". */
  meaning?: string;
}

/** The impostor cosine distribution of one embedder, which its cosines are z-normalised against. */
export interface CosineNormalisation {
  /** Mean impostor cosine. */
  mean: number;
  /** Standard deviation of the impostor cosines. */
  sd: number;
}

/**
 * Maps a comparison to the 0..100 score clients see, for one set of embedders compared together.
 * With one embedder the similarity is its plain cosine. With several, each cosine is first
 * normalised against that embedder's impostor distribution, `(cosine - mean) / sd`, and the
 * similarity is the mean of those z-scores: an equal vote in units of "how unusual for two
 * different people". The curve is piecewise-linear between knots, flat beyond the ends,
 * non-decreasing, rounded to two decimals. Measured by `npm run calibrate`; meaningless for any
 * other set of model versions.
 */
export interface ScoreCalibration {
  /** The model versions compared (sorted); one for a plain-cosine calibration. */
  modelVersions: string[];
  /** Present exactly when there are several model versions: the normalisation of each. */
  normalisation?: Record<string, CosineNormalisation>;
  knots: CalibrationKnot[];
  /** Free-form provenance: data sets, pair counts, measured thresholds, date, command. */
  measuredOn?: Record<string, unknown>;
}

/** The default match threshold in score units; its knot must sit at a measured FAR <= 1e-3. */
export const DEFAULT_MATCH_SCORE = 30;

export class CalibrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalibrationError';
  }
}

/** The lowest and highest similarity a calibration can see (cosines of -1 and 1 on every embedder). */
export function similarityRange(calibration: Pick<ScoreCalibration, 'modelVersions' | 'normalisation'>): [number, number] {
  const extreme = (cosine: number) =>
    similarityOf(calibration, Object.fromEntries(calibration.modelVersions.map((version) => [version, cosine])));
  return [extreme(-1), extreme(1)];
}

/** The similarity the score is read from: the cosine, or the mean z-normalised cosine. */
export function similarityOf(
  calibration: Pick<ScoreCalibration, 'modelVersions' | 'normalisation'>,
  cosines: Readonly<Record<string, number>>,
): number {
  const { modelVersions, normalisation } = calibration;
  const cosineOf = (version: string) => {
    const cosine = cosines[version];
    if (typeof cosine !== 'number' || Number.isNaN(cosine)) throw new CalibrationError(`no cosine for ${version}`);
    return cosine;
  };
  if (modelVersions.length === 1) return cosineOf(modelVersions[0]);
  let sum = 0;
  for (const version of modelVersions) {
    const stats = normalisation?.[version];
    if (!stats) throw new CalibrationError(`no normalisation for ${version}`);
    sum += (cosineOf(version) - stats.mean) / stats.sd;
  }
  return sum / modelVersions.length;
}

/** Throws `CalibrationError` unless the calibration describes a usable monotonic curve. */
export function validateCalibration(calibration: ScoreCalibration): ScoreCalibration {
  const { knots, modelVersions, normalisation } = calibration;
  if (!Array.isArray(modelVersions) || modelVersions.length === 0 || modelVersions.some((v) => typeof v !== 'string' || !v)) {
    throw new CalibrationError('calibration names no model versions');
  }
  if (modelVersions.length > 1) {
    for (const version of modelVersions) {
      const stats = normalisation?.[version];
      if (!stats || !Number.isFinite(stats.mean) || !Number.isFinite(stats.sd) || stats.sd <= 0) {
        throw new CalibrationError(`fused calibration needs the impostor mean and a positive sd of ${version}`);
      }
    }
  }
  const [lowest, highest] = similarityRange(calibration);
  if (!Array.isArray(knots) || knots.length < 2) throw new CalibrationError('calibration needs at least two knots');
  knots.forEach((knot, index) => {
    if (!Number.isFinite(knot.similarity) || knot.similarity < lowest - 1e-9 || knot.similarity > highest + 1e-9) {
      throw new CalibrationError(`knot ${index}: similarity ${knot.similarity} is not within ${round4(lowest)}..${round4(highest)}`);
    }
    if (!Number.isFinite(knot.score) || knot.score < 0 || knot.score > 100) {
      throw new CalibrationError(`knot ${index}: score ${knot.score} is not within 0..100`);
    }
    if (index === 0) return;
    const previous = knots[index - 1];
    if (knot.similarity <= previous.similarity) {
      throw new CalibrationError(`knot ${index}: similarities must increase (${previous.similarity} then ${knot.similarity})`);
    }
    if (knot.score < previous.score) {
      throw new CalibrationError(`knot ${index}: scores must not decrease (${previous.score} then ${knot.score})`);
    }
  });
  return calibration;
}

/** The calibrated score 0..100 (two decimals) of a similarity. */
export function similarityToScore(calibration: ScoreCalibration, similarity: number): number {
  const { knots } = calibration;
  if (Number.isNaN(similarity)) throw new CalibrationError('similarity is NaN');
  const first = knots[0];
  const last = knots[knots.length - 1];
  if (similarity <= first.similarity) return roundScore(first.score);
  if (similarity >= last.similarity) return roundScore(last.score);
  let upper = 1;
  while (knots[upper].similarity < similarity) upper++;
  const lower = knots[upper - 1];
  const fraction = (similarity - lower.similarity) / (knots[upper].similarity - lower.similarity);
  return roundScore(lower.score + fraction * (knots[upper].score - lower.score));
}

/**
 * The smallest similarity whose score reaches `score` (the inverse of `similarityToScore` on its
 * rising parts), for reporting thresholds in both units.
 */
export function scoreToSimilarity(calibration: ScoreCalibration, score: number): number {
  const { knots } = calibration;
  if (score <= knots[0].score) return knots[0].similarity;
  for (let i = 1; i < knots.length; i++) {
    const lower = knots[i - 1];
    const upper = knots[i];
    if (score <= upper.score && upper.score > lower.score) {
      return lower.similarity + ((score - lower.score) / (upper.score - lower.score)) * (upper.similarity - lower.similarity);
    }
  }
  return knots[knots.length - 1].similarity;
}

function roundScore(score: number): number {
  return Math.round(score * 100) / 100;
}

function round4(value: number): number {
  return Math.round(value * 10000) / 10000;
}
