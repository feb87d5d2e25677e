import { expectMonotonic } from './testing/expect-monotonic';
import { buildCalibration, type ProtocolThresholds, SAFETY_MARGIN_IMPOSTOR_SDS } from './build-calibration';
import {
  CalibrationError,
  DEFAULT_MATCH_SCORE,
  type ScoreCalibration,
  scoreToSimilarity,
  similarityOf,
  similarityRange,
  similarityToScore,
  validateCalibration,
} from './score-calibration';

const CURVE: ScoreCalibration = {
  modelVersions: ['test-model'],
  knots: [
    { similarity: -1, score: 0 },
    { similarity: 0.2, score: 20 },
    { similarity: 0.4, score: 30 },
    { similarity: 1, score: 100 },
  ],
};

const FUSED_SHAPE = {
  modelVersions: ['a', 'b'],
  normalisation: { a: { mean: 0, sd: 0.1 }, b: { mean: 0.8, sd: 0.04 } },
};

describe('similarityToScore', () => {
  it('interpolates linearly between knots and rounds to two decimals', () => {
    expect(similarityToScore(CURVE, 0.4)).toBe(30);
    expect(similarityToScore(CURVE, 0.3)).toBe(25);
    expect(similarityToScore(CURVE, 0.7)).toBe(65);
    // (0.123456 + 1) / 1.2 * 20 = 18.7243
    expect(similarityToScore(CURVE, 0.123456)).toBe(18.72);
  });

  it('is flat beyond the end knots and monotonic everywhere', () => {
    expect(similarityToScore(CURVE, -5)).toBe(0);
    expect(similarityToScore(CURVE, 1.5)).toBe(100);
    expectMonotonic(CURVE);
  });

  it('has scoreToSimilarity as its inverse on the rising parts', () => {
    for (const score of [0, 10, 20, 25, 30, 64.5, 100]) {
      expect(similarityToScore(CURVE, scoreToSimilarity(CURVE, score))).toBeCloseTo(score, 2);
    }
  });
});

describe('similarityOf', () => {
  it('is the plain cosine with one model version', () => {
    expect(similarityOf(CURVE, { 'test-model': 0.42, other: 0.9 })).toBe(0.42);
  });

  it('is the mean of the z-normalised cosines with several', () => {
    // a: (0.3 - 0) / 0.1 = 3; b: (0.88 - 0.8) / 0.04 = 2
    expect(similarityOf(FUSED_SHAPE, { a: 0.3, b: 0.88 })).toBeCloseTo(2.5, 12);
    expect(similarityRange(FUSED_SHAPE)).toEqual([(-10 + -45) / 2, (10 + 5) / 2]);
  });

  it("refuses a comparison missing one of the calibration's model versions", () => {
    expect(() => similarityOf(FUSED_SHAPE, { a: 0.3 })).toThrow('no cosine for b');
  });
});

describe('validateCalibration', () => {
  const withKnots = (knots: ScoreCalibration['knots']) => ({ modelVersions: ['m'], knots });

  it('accepts a monotonic curve, including flat stretches', () => {
    expect(() =>
      validateCalibration(
        withKnots([
          { similarity: 0, score: 10 },
          { similarity: 0.5, score: 10 },
        ]),
      ),
    ).not.toThrow();
  });

  it('refuses curves that are not increasing, out of range or too short', () => {
    expect(() =>
      validateCalibration(
        withKnots([
          { similarity: 0.5, score: 0 },
          { similarity: 0.5, score: 10 },
        ]),
      ),
    ).toThrow(/similarities must increase/);
    expect(() =>
      validateCalibration(
        withKnots([
          { similarity: 0, score: 50 },
          { similarity: 0.5, score: 40 },
        ]),
      ),
    ).toThrow(/must not decrease/);
    expect(() =>
      validateCalibration(
        withKnots([
          { similarity: 0, score: 0 },
          { similarity: 1.5, score: 40 },
        ]),
      ),
    ).toThrow(/not within -1..1/);
    expect(() =>
      validateCalibration(
        withKnots([
          { similarity: 0, score: 0 },
          { similarity: 1, score: 140 },
        ]),
      ),
    ).toThrow(/within 0..100/);
    expect(() => validateCalibration(withKnots([{ similarity: 0, score: 0 }]))).toThrow(CalibrationError);
    expect(() => validateCalibration({ modelVersions: [], knots: CURVE.knots })).toThrow(/names no model versions/);
  });

  it('requires the normalisation of every model version of a fused calibration', () => {
    const knots = [
      { similarity: -2, score: 0 },
      { similarity: 3, score: 100 },
    ];
    expect(() => validateCalibration({ ...FUSED_SHAPE, knots })).not.toThrow();
    expect(() => validateCalibration({ modelVersions: ['a', 'b'], knots })).toThrow(/needs the impostor mean and a positive sd of a/);
    expect(() =>
      validateCalibration({ ...FUSED_SHAPE, normalisation: { ...FUSED_SHAPE.normalisation, b: { mean: 0.8, sd: 0 } }, knots }),
    ).toThrow(/of b/);
  });
});

describe('buildCalibration', () => {
  const allPairs: ProtocolThresholds = {
    protocol: 'all pairs',
    far1e1: 0.14,
    far1e2: 0.27,
    far1e3: 0.4,
    maxImpostor: 0.41,
    medianGenuine: 0.73,
    impostorSd: 0.1,
  };
  const docsim: ProtocolThresholds = {
    protocol: 'docsim',
    far1e1: 0.13,
    far1e2: 0.26,
    far1e3: 0.39,
    maxImpostor: 0.43,
    medianGenuine: 0.69,
    impostorSd: 0.09,
  };

  it('anchors the default threshold at the stricter FAR 1e-3 similarity plus the safety margin', () => {
    const calibration = buildCalibration(['m'], undefined, [allPairs, docsim]);
    const anchor = 0.4 + SAFETY_MARGIN_IMPOSTOR_SDS * 0.1;
    expect(similarityToScore(calibration, anchor)).toBe(DEFAULT_MATCH_SCORE);
    expect(scoreToSimilarity(calibration, DEFAULT_MATCH_SCORE)).toBeCloseTo(anchor, 6);
    // Both measured FAR 1e-3 thresholds stay below the default threshold.
    expect(similarityToScore(calibration, allPairs.far1e3)).toBeLessThan(DEFAULT_MATCH_SCORE);
    expect(similarityToScore(calibration, docsim.far1e3)).toBeLessThan(DEFAULT_MATCH_SCORE);
    expect(similarityToScore(calibration, 0.27)).toBe(20);
    expect(similarityToScore(calibration, 0.69)).toBe(80);
    expect(calibration.knots[0].similarity).toBe(-1);
    expect(calibration.normalisation).toBeUndefined();
    expectMonotonic(calibration);
  });

  it('spans the possible range of a fused similarity and keeps its normalisation', () => {
    const fused = { ...allPairs, far1e1: 1.1, far1e2: 2.3, far1e3: 3.2, maxImpostor: 3.3, medianGenuine: 5.2, impostorSd: 0.85 };
    const calibration = buildCalibration(['b', 'a'], FUSED_SHAPE.normalisation, [fused]);
    expect(calibration.modelVersions).toEqual(['a', 'b']);
    expect(calibration.normalisation).toEqual(FUSED_SHAPE.normalisation);
    expect(calibration.knots[0]).toMatchObject({ similarity: -27.5, score: 0 });
    expect(calibration.knots[calibration.knots.length - 1]).toMatchObject({ similarity: 7.5, score: 100 });
    expect(scoreToSimilarity(calibration, DEFAULT_MATCH_SCORE)).toBeCloseTo(3.2 + 0.17, 6);
    expectMonotonic(calibration);
  });

  it('refuses measurements that would not give an increasing curve', () => {
    expect(() => buildCalibration(['m'], undefined, [{ ...allPairs, medianGenuine: 0.3 }])).toThrow(/do not give a monotonic calibration/);
    expect(() => buildCalibration(['m'], undefined, [])).toThrow(CalibrationError);
  });
});
