import { readFileSync } from 'node:fs';

/** One point of the cosine → score curve. */
export interface CalibrationKnot {
  cosine: number;
  score: number;
  /** What the knot stands for, e.g. "FAR 1e-3 on docsim + 0.02 margin". */
  meaning?: string;
}

/**
 * Maps the recogniser's cosine to the 0..100 score clients see. Piecewise-linear between knots,
 * flat beyond the ends, non-decreasing, rounded to two decimals. It is measured (bench/accuracy.ts
 * --calibrate) for one template model version and is meaningless for any other.
 */
export interface ScoreCalibration {
  modelVersion: string;
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

/** Throws `CalibrationError` unless the knots describe a usable monotonic curve. */
export function validateCalibration(calibration: ScoreCalibration): ScoreCalibration {
  const { knots, modelVersion } = calibration;
  if (typeof modelVersion !== 'string' || modelVersion.length === 0) {
    throw new CalibrationError('calibration has no modelVersion');
  }
  if (!Array.isArray(knots) || knots.length < 2) throw new CalibrationError('calibration needs at least two knots');
  knots.forEach((knot, index) => {
    if (!Number.isFinite(knot.cosine) || knot.cosine < -1 || knot.cosine > 1) {
      throw new CalibrationError(`knot ${index}: cosine ${knot.cosine} is not within -1..1`);
    }
    if (!Number.isFinite(knot.score) || knot.score < 0 || knot.score > 100) {
      throw new CalibrationError(`knot ${index}: score ${knot.score} is not within 0..100`);
    }
    if (index === 0) return;
    const previous = knots[index - 1];
    if (knot.cosine <= previous.cosine) {
      throw new CalibrationError(`knot ${index}: cosines must increase (${previous.cosine} then ${knot.cosine})`);
    }
    if (knot.score < previous.score) {
      throw new CalibrationError(`knot ${index}: scores must not decrease (${previous.score} then ${knot.score})`);
    }
  });
  return calibration;
}

/** The calibrated score 0..100 (two decimals) of a cosine similarity. */
export function cosineToScore(calibration: ScoreCalibration, cosine: number): number {
  const { knots } = calibration;
  if (Number.isNaN(cosine)) throw new CalibrationError('cosine is NaN');
  const first = knots[0];
  const last = knots[knots.length - 1];
  if (cosine <= first.cosine) return roundScore(first.score);
  if (cosine >= last.cosine) return roundScore(last.score);
  let upper = 1;
  while (knots[upper].cosine < cosine) upper++;
  const lower = knots[upper - 1];
  const fraction = (cosine - lower.cosine) / (knots[upper].cosine - lower.cosine);
  return roundScore(lower.score + fraction * (knots[upper].score - lower.score));
}

/**
 * The smallest cosine whose score reaches `score` (the inverse of `cosineToScore` on its rising
 * parts), for reporting thresholds in both units.
 */
export function scoreToCosine(calibration: ScoreCalibration, score: number): number {
  const { knots } = calibration;
  if (score <= knots[0].score) return knots[0].cosine;
  for (let i = 1; i < knots.length; i++) {
    const lower = knots[i - 1];
    const upper = knots[i];
    if (score <= upper.score && upper.score > lower.score) {
      return lower.cosine + ((score - lower.score) / (upper.score - lower.score)) * (upper.cosine - lower.cosine);
    }
  }
  return knots[knots.length - 1].cosine;
}

function roundScore(score: number): number {
  return Math.round(score * 100) / 100;
}

/**
 * Reads the calibration of `modelVersion` from a models manifest (`"calibration": { "versions":
 * { "<modelVersion>": { knots, measuredOn } } }`). Throws `CalibrationError` naming the file and
 * the missing key when there is none: a service must not run with an unknown score scale.
 */
export function loadCalibration(manifestPath: string, modelVersion: string): ScoreCalibration {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CalibrationError(`cannot read the models manifest ${manifestPath}: ${reason}`);
  }
  const versions = (manifest as { calibration?: { versions?: Record<string, unknown> } }).calibration?.versions;
  const entry = versions?.[modelVersion] as Omit<ScoreCalibration, 'modelVersion'> | undefined;
  if (!entry) {
    throw new CalibrationError(
      `${manifestPath} has no calibration for ${modelVersion} ` +
        '(measure one with "npm run bench:accuracy -- --data <labelled faces> --calibrate")',
    );
  }
  return validateCalibration({ modelVersion, knots: entry.knots, measuredOn: entry.measuredOn });
}
