import { type ScoreCalibration, similarityRange, similarityToScore } from '../score-calibration';

/** Test helper: the score never decreases and stays within 0..100 over the whole similarity range. */
export function expectMonotonic(calibration: ScoreCalibration): void {
  const [lowest, highest] = similarityRange(calibration);
  const step = (highest - lowest) / 2000;
  let previous = -Infinity;
  for (let similarity = lowest; similarity <= highest + step / 2; similarity += step) {
    const score = similarityToScore(calibration, similarity);
    expect(score).toBeGreaterThanOrEqual(previous);
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(100);
    previous = score;
  }
}
