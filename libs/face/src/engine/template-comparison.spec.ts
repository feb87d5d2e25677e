import { DomainError } from '@app/core';
import { CalibrationSet } from '../calibration/calibration-set';
import type { ScoreCalibration } from '../calibration/score-calibration';
import type { FaceTemplate } from '../face.types';
import { compareTemplates } from './template-comparison';

const FR = 'fr_feature@faceplugin-0.0.1';
const FR_FLIP = 'fr_feature@faceplugin-0.0.1+flip';
const FRNET = 'frnet@face-api-1.7.15';
const ENGINE = [FR, FRNET];

/** Linear plain-cosine curves from `offset` at -1 to `100 - offset` at 1: a different one per set, to tell them apart. */
const linear = (modelVersions: string[], offset = 0): ScoreCalibration => ({
  modelVersions,
  knots: [
    { similarity: -1, score: offset },
    { similarity: 1, score: 100 - offset },
  ],
});
const CALIBRATIONS = new CalibrationSet([
  linear([FR]),
  linear([FRNET], 10),
  linear([FR_FLIP], 20),
  linear([`${FR} ~ ${FR_FLIP}`], 30),
  {
    modelVersions: [FR, FRNET],
    normalisation: { [FR]: { mean: 0, sd: 0.1 }, [FRNET]: { mean: 0.8, sd: 0.05 } },
    knots: [
      { similarity: -10, score: 0 },
      { similarity: 10, score: 100 },
    ],
  },
]);

/** Unit vectors at a chosen cosine to [1, 0]. */
const at = (cosine: number) => [cosine, Math.sqrt(1 - cosine * cosine)];
const template = (...embeddings: Array<[string, number]>): FaceTemplate => ({
  embeddings: embeddings.map(([modelVersion, cosine]) => ({ modelVersion, vector: at(cosine) })),
});
const REFERENCE = template([FR, 1], [FRNET, 1]);

/** The error `run` throws; fails the test when it throws nothing. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, got none');
}

describe('compareTemplates', () => {
  it('fuses every embedder both templates have: the mean of the z-normalised cosines', () => {
    const comparison = compareTemplates(template([FR, 0.5], [FRNET, 0.9]), REFERENCE, ENGINE, CALIBRATIONS);
    // fr: (0.5 - 0) / 0.1 = 5; frnet: (0.9 - 0.8) / 0.05 = 2; mean 3.5 -> score 50 + 3.5 * 5.
    expect(comparison).toEqual({
      score: 67.5,
      similarity: 3.5,
      embedders: [FR, FRNET],
      fallback: false,
      cosines: { [FR]: 0.5, [FRNET]: 0.9 },
      cosine: 0.5,
    });
  });

  it("falls back to the one embedder a partial template has, with that embedder's calibration", () => {
    const partial: FaceTemplate = { embeddings: [{ modelVersion: FR, vector: at(0.6) }] };
    expect(compareTemplates(partial, REFERENCE, ENGINE, CALIBRATIONS)).toMatchObject({
      embedders: [FR],
      fallback: true,
      score: 80,
      similarity: 0.6,
    });
    expect(compareTemplates(REFERENCE, template([FRNET, 0.6]), ENGINE, CALIBRATIONS)).toMatchObject({
      embedders: [FRNET],
      fallback: true,
      score: 74,
    });
  });

  it("compares a flip-averaged stored embedding with the same network's plain one as a mixed pair", () => {
    const flipped: FaceTemplate = { embeddings: [{ modelVersion: FR_FLIP, vector: at(0.6) }] };
    const comparison = compareTemplates(REFERENCE, flipped, ENGINE, CALIBRATIONS);
    expect(comparison).toMatchObject({ embedders: [`${FR} ~ ${FR_FLIP}`], fallback: true, cosine: 0.6, score: 62 });
    // Two stored flip-averaged templates are compared as what they are.
    expect(compareTemplates(flipped, flipped, ENGINE, CALIBRATIONS)).toMatchObject({ embedders: [FR_FLIP], fallback: true, score: 80 });
  });

  it('refuses templates that share no embedder the engine runs, or whose shared set is not calibrated', () => {
    const foreign = template(['other@1', 0.9]);
    expect(() => compareTemplates(foreign, REFERENCE, ENGINE, CALIBRATIONS)).toThrow(DomainError);
    expect(() => compareTemplates(foreign, REFERENCE, ENGINE, CALIBRATIONS)).toThrow(
      `face templates (other@1 vs ${FR}, ${FRNET}) cannot be compared: no embedding this engine compares; this engine runs ${FR}, ${FRNET}`,
    );
    const flipNet = template([FRNET + '+flip', 0.9]);
    expect(() => compareTemplates(flipNet, REFERENCE, ENGINE, CALIBRATIONS)).toThrow(
      /no calibration for frnet@face-api-1.7.15 ~ frnet@face-api-1.7.15\+flip/,
    );
    expect(thrownBy(() => compareTemplates(foreign, REFERENCE, ENGINE, CALIBRATIONS))).toMatchObject({ code: 'CONFLICT' });
  });
});
