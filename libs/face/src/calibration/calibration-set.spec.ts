import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { combinationKey, type EmbedderName, resolveEmbedders } from '../embed/model-version';
import type { ProtocolThresholds } from './build-calibration';
import { CalibrationSet, comparableSets, nonEmptySubsets } from './calibration-set';
import { DEFAULT_MATCH_SCORE, scoreToSimilarity, similarityToScore } from './score-calibration';
import { expectMonotonic } from './testing/expect-monotonic';

const KNOTS = [
  { similarity: -1, score: 0 },
  { similarity: 0.4, score: 30 },
  { similarity: 1, score: 100 },
];

function manifestWith(combinations: Record<string, unknown>): string {
  const path = join(mkdtempSync(join(tmpdir(), 'face-calibration-')), 'manifest.json');
  writeFileSync(path, JSON.stringify({ calibration: { combinations } }));
  return path;
}

describe('nonEmptySubsets and comparableSets', () => {
  it('lists every non-empty subset, singles first, the full set last', () => {
    expect(nonEmptySubsets(['a', 'b'])).toEqual([['a'], ['b'], ['a', 'b']]);
    expect(nonEmptySubsets(['a', 'b', 'c'])).toHaveLength(7);
  });

  it("adds each version's other flip variant, alone and mixed, to what an engine may compare", () => {
    expect(comparableSets(['fr_feature@x', 'frnet@y']).map(combinationKey)).toEqual([
      'fr_feature@x',
      'frnet@y',
      'fr_feature@x & frnet@y',
      'fr_feature@x+flip',
      'fr_feature@x ~ fr_feature@x+flip',
      'frnet@y+flip',
      'frnet@y ~ frnet@y+flip',
    ]);
  });
});

describe('CalibrationSet', () => {
  it("reads the combinations of a manifest, whatever order a key's versions are asked in", () => {
    const normalisation = { a: { mean: 0, sd: 0.1 }, b: { mean: 0.8, sd: 0.04 } };
    const set = CalibrationSet.fromManifest(
      manifestWith({
        a: { knots: KNOTS },
        'a & b': {
          normalisation,
          knots: [
            { similarity: -2, score: 0 },
            { similarity: 3, score: 100 },
          ],
        },
      }),
    );
    expect(set.keys).toEqual(['a', 'a & b']);
    expect(set.require(['b', 'a'])).toMatchObject({ modelVersions: ['a', 'b'], normalisation });
    expect(set.find(['b'])).toBeUndefined();
  });

  it('names the file and the missing combination, and how to measure it', () => {
    const path = manifestWith({ a: { knots: KNOTS } });
    const set = CalibrationSet.fromManifest(path);
    expect(() => set.require(['a', 'b'])).toThrow(
      `${path} has no calibration for a & b (measure one with "npm run calibrate -- --data <labelled faces>")`,
    );
    expect(() => set.requireFor(['a'])).toThrow(/no calibration for a\+flip/);
  });

  it('refuses an unreadable manifest or an invalid calibration in it, naming both', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'face-calibration-')), 'missing.json');
    expect(() => CalibrationSet.fromManifest(missing)).toThrow(/cannot read the models manifest/);
    const path = manifestWith({ 'a & b': { knots: KNOTS } });
    expect(() => CalibrationSet.fromManifest(path)).toThrow(
      `${path}, calibration "a & b": fused calibration needs the impostor mean and a positive sd of a`,
    );
  });
});

describe('the calibrations shipped in models/manifest.json', () => {
  const shipped = CalibrationSet.fromManifest(join(__dirname, '../../../../models/manifest.json'));
  const configurations = [['fr'], ['frnet'], ['fr', 'frnet'], ['frnet', 'fr']] as const;

  it.each(configurations.flatMap((names) => [true, false].map((flip) => [names.join(','), flip] as const)))(
    'cover everything FACE_EMBEDDERS=%s with flip %s may compare',
    (names, flip) => {
      const versions = resolveEmbedders(names.split(',') as EmbedderName[], flip).map((e) => e.modelVersion);
      expect(() => shipped.requireFor(versions)).not.toThrow();
    },
  );

  it.each(shipped.keys)('%s: monotonic, score 30 above every measured FAR 1e-3 threshold, on both protocols', (key) => {
    const calibration = shipped.require(key.split(' & '));
    expectMonotonic(calibration);
    const measured = (calibration.measuredOn?.thresholds ?? []) as ProtocolThresholds[];
    expect(measured.map((t) => t.protocol).sort()).toEqual(['all pairs', 'docsim']);
    const anchor = scoreToSimilarity(calibration, DEFAULT_MATCH_SCORE);
    for (const protocol of measured) {
      expect(anchor).toBeGreaterThan(protocol.far1e3);
      expect(similarityToScore(calibration, protocol.far1e3)).toBeLessThan(DEFAULT_MATCH_SCORE);
    }
  });
});
