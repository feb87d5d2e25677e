import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { templateModelVersion } from '../embed/model-version';
import { buildCalibration, FAR_1E3_SAFETY_MARGIN, type ProtocolThresholds } from './build-calibration';
import {
  CalibrationError,
  cosineToScore,
  DEFAULT_MATCH_SCORE,
  loadCalibration,
  type ScoreCalibration,
  scoreToCosine,
  validateCalibration,
} from './score-calibration';

const CURVE: ScoreCalibration = {
  modelVersion: 'test-model',
  knots: [
    { cosine: -1, score: 0 },
    { cosine: 0.2, score: 20 },
    { cosine: 0.4, score: 30 },
    { cosine: 1, score: 100 },
  ],
};

function expectMonotonic(calibration: ScoreCalibration): void {
  let previous = -Infinity;
  for (let cosine = -1; cosine <= 1.0000001; cosine += 0.001) {
    const score = cosineToScore(calibration, cosine);
    expect(score).toBeGreaterThanOrEqual(previous);
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(100);
    previous = score;
  }
}

describe('cosineToScore', () => {
  it('interpolates linearly between knots and rounds to two decimals', () => {
    expect(cosineToScore(CURVE, 0.4)).toBe(30);
    expect(cosineToScore(CURVE, 0.3)).toBe(25);
    expect(cosineToScore(CURVE, 0.7)).toBe(65);
    // (0.123456 + 1) / 1.2 * 20 = 18.7243
    expect(cosineToScore(CURVE, 0.123456)).toBe(18.72);
  });

  it('is flat beyond the end knots and monotonic everywhere', () => {
    expect(cosineToScore(CURVE, -5)).toBe(0);
    expect(cosineToScore(CURVE, 1.5)).toBe(100);
    expectMonotonic(CURVE);
  });

  it('has scoreToCosine as its inverse on the rising parts', () => {
    for (const score of [0, 10, 20, 25, 30, 64.5, 100]) {
      expect(cosineToScore(CURVE, scoreToCosine(CURVE, score))).toBeCloseTo(score, 2);
    }
  });
});

describe('validateCalibration', () => {
  const withKnots = (knots: ScoreCalibration['knots']) => ({ modelVersion: 'm', knots });

  it('accepts a monotonic curve, including flat stretches', () => {
    expect(() => validateCalibration(withKnots([{ cosine: 0, score: 10 }, { cosine: 0.5, score: 10 }]))).not.toThrow();
  });

  it('refuses curves that are not increasing, out of range or too short', () => {
    expect(() => validateCalibration(withKnots([{ cosine: 0.5, score: 0 }, { cosine: 0.5, score: 10 }]))).toThrow(/cosines must increase/);
    expect(() => validateCalibration(withKnots([{ cosine: 0, score: 50 }, { cosine: 0.5, score: 40 }]))).toThrow(/must not decrease/);
    expect(() => validateCalibration(withKnots([{ cosine: 0, score: 0 }, { cosine: 1.5, score: 40 }]))).toThrow(/within -1..1/);
    expect(() => validateCalibration(withKnots([{ cosine: 0, score: 0 }, { cosine: 1, score: 140 }]))).toThrow(/within 0..100/);
    expect(() => validateCalibration(withKnots([{ cosine: 0, score: 0 }]))).toThrow(CalibrationError);
    expect(() => validateCalibration({ modelVersion: '', knots: CURVE.knots })).toThrow(/no modelVersion/);
  });
});

describe('buildCalibration', () => {
  const deepface: ProtocolThresholds = {
    protocol: 'all pairs', far1e1: 0.14, far1e2: 0.27, far1e3: 0.40, maxImpostor: 0.41, medianGenuine: 0.73,
  };
  const docsim: ProtocolThresholds = {
    protocol: 'docsim', far1e1: 0.13, far1e2: 0.26, far1e3: 0.39, maxImpostor: 0.43, medianGenuine: 0.69,
  };

  it('anchors the default threshold at the stricter FAR 1e-3 cosine plus the safety margin', () => {
    const calibration = buildCalibration('m', [deepface, docsim]);
    const anchor = 0.40 + FAR_1E3_SAFETY_MARGIN;
    expect(cosineToScore(calibration, anchor)).toBe(DEFAULT_MATCH_SCORE);
    expect(scoreToCosine(calibration, DEFAULT_MATCH_SCORE)).toBeCloseTo(anchor, 6);
    // Both measured FAR 1e-3 thresholds stay below the default threshold.
    expect(cosineToScore(calibration, deepface.far1e3)).toBeLessThan(DEFAULT_MATCH_SCORE);
    expect(cosineToScore(calibration, docsim.far1e3)).toBeLessThan(DEFAULT_MATCH_SCORE);
    expect(cosineToScore(calibration, 0.27)).toBe(20);
    expect(cosineToScore(calibration, 0.69)).toBe(80);
    expectMonotonic(calibration);
  });

  it('refuses measurements that would not give an increasing curve', () => {
    expect(() => buildCalibration('m', [{ ...deepface, medianGenuine: 0.3 }])).toThrow(/do not give a monotonic calibration/);
    expect(() => buildCalibration('m', [])).toThrow(CalibrationError);
  });
});

describe('the calibration shipped in models/manifest.json', () => {
  const manifest = join(__dirname, '../../../../models/manifest.json');

  it.each([true, false])('is monotonic and puts score 30 above every measured FAR 1e-3 threshold (flip %s)', (flip) => {
    const calibration = loadCalibration(manifest, templateModelVersion(flip));
    expectMonotonic(calibration);
    const measured = (calibration.measuredOn?.thresholds ?? []) as ProtocolThresholds[];
    expect(measured.map((t) => t.protocol).sort()).toEqual(['all pairs', 'docsim']);
    const anchor = scoreToCosine(calibration, DEFAULT_MATCH_SCORE);
    for (const protocol of measured) {
      expect(anchor).toBeGreaterThan(protocol.far1e3);
      expect(cosineToScore(calibration, protocol.far1e3)).toBeLessThan(DEFAULT_MATCH_SCORE);
    }
  });
});

describe('loadCalibration', () => {
  it('names the file and the missing model version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'face-calibration-'));
    const path = join(dir, 'manifest.json');
    writeFileSync(path, JSON.stringify({ calibration: { versions: { other: { knots: CURVE.knots } } } }));
    expect(() => loadCalibration(path, 'fr_feature@x')).toThrow(`${path} has no calibration for fr_feature@x`);
    expect(loadCalibration(path, 'other').knots).toEqual(CURVE.knots);
    expect(() => loadCalibration(join(dir, 'missing.json'), 'other')).toThrow(/cannot read the models manifest/);
  });
});
