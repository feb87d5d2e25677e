import {
  type CalibrationKnot,
  CalibrationError,
  type CosineNormalisation,
  DEFAULT_MATCH_SCORE,
  type ScoreCalibration,
  similarityRange,
  validateCalibration,
} from './score-calibration';

/** Similarity thresholds measured on one protocol (accept when similarity > threshold). */
export interface ProtocolThresholds {
  /** e.g. "all pairs", "docsim". */
  protocol: string;
  far1e1: number;
  far1e2: number;
  far1e3: number;
  /** Highest impostor similarity seen. */
  maxImpostor: number;
  /** Median similarity of the genuine pairs (misses excluded). */
  medianGenuine: number;
  /** Standard deviation of the impostor similarities: the unit of the safety margin. */
  impostorSd: number;
}

/**
 * The safety margin added to the FAR 1e-3 threshold, in impostor standard deviations: with ~2,000
 * impostor pairs that threshold rests on the second-highest impostor score and is noisy. (For the
 * ArcFace cosine, impostor sd ~0.10, this is the 0.02 cosine it used to be.)
 */
export const SAFETY_MARGIN_IMPOSTOR_SDS = 0.2;

/**
 * Builds the similarity → score knots from measured thresholds. Every anchor takes the stricter
 * (higher) similarity of the protocols, so each score keeps its meaning on all of them:
 *   0 at the lowest possible similarity;
 *  10 at FAR 1e-1;  20 at FAR 1e-2;
 *  30 (the default threshold) at FAR 1e-3 + the safety margin;
 *  50 just above (+ the same margin) the highest impostor similarity seen;
 *  80 at the lowest of the protocols' median genuine similarities;
 * 100 at the highest possible similarity.
 * Throws `CalibrationError` when the measurements do not give increasing anchors.
 */
export function buildCalibration(
  modelVersions: readonly string[],
  normalisation: Record<string, CosineNormalisation> | undefined,
  measured: readonly ProtocolThresholds[],
  measuredOn: Record<string, unknown> = {},
): ScoreCalibration {
  if (measured.length === 0) throw new CalibrationError('no protocol measurements to calibrate from');
  const shape = { modelVersions: [...modelVersions].sort(), normalisation: modelVersions.length > 1 ? normalisation : undefined };
  const [lowest, highest] = similarityRange(shape);
  const strictest = (pick: (t: ProtocolThresholds) => number) => Math.max(...measured.map(pick));
  const round = (similarity: number) => Math.round(similarity * 10000) / 10000;
  // The end knots are rounded inwards so they stay within the possible range.
  const [first, last] = [Math.ceil(lowest * 10000) / 10000, Math.floor(highest * 10000) / 10000];
  const margin = round(SAFETY_MARGIN_IMPOSTOR_SDS * strictest((t) => t.impostorSd));
  const names = measured.map((t) => t.protocol).join(', ');
  const knots: CalibrationKnot[] = [
    { similarity: first, score: 0, meaning: 'lowest possible similarity' },
    { similarity: round(strictest((t) => t.far1e1)), score: 10, meaning: `FAR 1e-1 (stricter of ${names})` },
    { similarity: round(strictest((t) => t.far1e2)), score: 20, meaning: `FAR 1e-2 (stricter of ${names})` },
    {
      similarity: round(strictest((t) => t.far1e3) + margin),
      score: DEFAULT_MATCH_SCORE,
      meaning: `FAR 1e-3 (stricter of ${names}) + ${margin} margin (${SAFETY_MARGIN_IMPOSTOR_SDS} impostor sd); the default threshold`,
    },
    {
      similarity: round(strictest((t) => t.maxImpostor) + margin),
      score: 50,
      meaning: `highest impostor similarity seen (${names}) + ${margin}`,
    },
    {
      similarity: round(Math.min(...measured.map((t) => t.medianGenuine))),
      score: 80,
      meaning: `median genuine similarity (lowest of ${names})`,
    },
    { similarity: last, score: 100, meaning: 'highest possible similarity' },
  ];
  try {
    return validateCalibration({ ...shape, knots, measuredOn: { ...measuredOn, thresholds: measured } });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CalibrationError(`the measurements do not give a monotonic calibration: ${reason}`);
  }
}
