import { type CalibrationKnot, CalibrationError, DEFAULT_MATCH_SCORE, type ScoreCalibration, validateCalibration } from './score-calibration';

/** Cosine thresholds measured on one protocol (accept when cosine > threshold). */
export interface ProtocolThresholds {
  /** e.g. "deepface", "docsim". */
  protocol: string;
  far1e1: number;
  far1e2: number;
  far1e3: number;
  /** Highest impostor cosine seen. */
  maxImpostor: number;
  /** Median cosine of the genuine pairs (misses excluded). */
  medianGenuine: number;
}

/** Added to the stricter FAR 1e-3 threshold: with ~2,000 impostor pairs that threshold is noisy. */
export const FAR_1E3_SAFETY_MARGIN = 0.02;

/**
 * Builds the cosine → score knots from measured thresholds. Every anchor takes the stricter (higher)
 * cosine of the protocols, so each score keeps its meaning on all of them:
 *   0 at cosine -1;
 *  10 at FAR 1e-1;  20 at FAR 1e-2;
 *  30 (the default threshold) at FAR 1e-3 + FAR_1E3_SAFETY_MARGIN;
 *  50 just above (+ the same margin) the highest impostor cosine seen;
 *  80 at the lowest of the protocols' median genuine cosines;
 * 100 at cosine 1.
 * Throws `CalibrationError` when the measurements do not give increasing anchors.
 */
export function buildCalibration(
  modelVersion: string,
  measured: readonly ProtocolThresholds[],
  measuredOn: Record<string, unknown> = {},
): ScoreCalibration {
  if (measured.length === 0) throw new CalibrationError('no protocol measurements to calibrate from');
  const strictest = (pick: (t: ProtocolThresholds) => number) => Math.max(...measured.map(pick));
  const round = (cosine: number) => Math.round(cosine * 10000) / 10000;
  const names = measured.map((t) => t.protocol).join(', ');
  const knots: CalibrationKnot[] = [
    { cosine: -1, score: 0, meaning: 'lowest possible cosine' },
    { cosine: round(strictest((t) => t.far1e1)), score: 10, meaning: `FAR 1e-1 (stricter of ${names})` },
    { cosine: round(strictest((t) => t.far1e2)), score: 20, meaning: `FAR 1e-2 (stricter of ${names})` },
    {
      cosine: round(strictest((t) => t.far1e3) + FAR_1E3_SAFETY_MARGIN),
      score: DEFAULT_MATCH_SCORE,
      meaning: `FAR 1e-3 (stricter of ${names}) + ${FAR_1E3_SAFETY_MARGIN} margin; the default threshold`,
    },
    {
      cosine: round(strictest((t) => t.maxImpostor) + FAR_1E3_SAFETY_MARGIN),
      score: 50,
      meaning: `highest impostor cosine seen (${names}) + ${FAR_1E3_SAFETY_MARGIN}`,
    },
    {
      cosine: round(Math.min(...measured.map((t) => t.medianGenuine))),
      score: 80,
      meaning: `median genuine cosine (lowest of ${names})`,
    },
    { cosine: 1, score: 100, meaning: 'identical embeddings' },
  ];
  try {
    return validateCalibration({ modelVersion, knots, measuredOn: { ...measuredOn, thresholds: measured } });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CalibrationError(`the measurements do not give a monotonic calibration: ${reason}`);
  }
}
