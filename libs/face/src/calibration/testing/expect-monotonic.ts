import { type ScoreCalibration, similarityRange, similarityToScore } from '../score-calibration';

/**
 * Test helper: the score never decreases and stays within 0..100 over the whole similarity range.
 * The 2,000 samples are checked in a plain loop and the offenders asserted once: 6,000 `expect` calls
 * per curve made these specs the slowest of the unit layer.
 */
export function expectMonotonic(calibration: ScoreCalibration): void {
  const [lowest, highest] = similarityRange(calibration);
  const step = (highest - lowest) / 2000;
  const offenders: string[] = [];
  let previous = -Infinity;
  let samples = 0;
  for (let similarity = lowest; similarity <= highest + step / 2; similarity += step) {
    const score = similarityToScore(calibration, similarity);
    if (score < previous) offenders.push(`${similarity}: ${score} after ${previous}`);
    if (score < 0 || score > 100) offenders.push(`${similarity}: ${score} outside 0..100`);
    previous = score;
    samples += 1;
  }
  expect(samples).toBeGreaterThan(2000);
  expect(offenders).toEqual([]);
}
