import { readFileSync } from 'node:fs';
import { combinationKey, comparedVersion, otherVariantOf } from '../embed/model-version';
import { CalibrationError, type ScoreCalibration, validateCalibration } from './score-calibration';

/** How a calibration is stored in the models manifest, under `"calibration".combinations[<key>]`. */
export type StoredCalibration = Omit<ScoreCalibration, 'modelVersions'>;

export const CALIBRATE_COMMAND = 'npm run calibrate -- --data <labelled faces>';

/**
 * Every calibration of a models manifest, by the set of model versions it is for. An engine needs
 * one for each set it may compare: all its embedders together, every subset of them, and the flip
 * variants of each (older templates, templates from an engine configured otherwise).
 */
export class CalibrationSet {
  private readonly byKey: Map<string, ScoreCalibration>;

  constructor(
    calibrations: Iterable<ScoreCalibration>,
    private readonly source = 'the calibration set',
  ) {
    this.byKey = new Map([...calibrations].map((c) => [combinationKey(c.modelVersions), c]));
  }

  /**
   * Reads `"calibration": { "combinations": { "<versions joined by ' & '>": { normalisation?,
   * knots, measuredOn } } }`. Throws `CalibrationError` naming the file when it cannot be read or a
   * calibration in it is invalid.
   */
  static fromManifest(manifestPath: string): CalibrationSet {
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CalibrationError(`cannot read the models manifest ${manifestPath}: ${reason}`);
    }
    const stored = (manifest as { calibration?: { combinations?: Record<string, StoredCalibration> } }).calibration?.combinations ?? {};
    const calibrations = Object.entries(stored).map(([key, entry]) => {
      try {
        return validateCalibration({ ...entry, modelVersions: key.split(' & ') });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new CalibrationError(`${manifestPath}, calibration "${key}": ${reason}`);
      }
    });
    return new CalibrationSet(calibrations, manifestPath);
  }

  get keys(): string[] {
    return [...this.byKey.keys()];
  }

  find(modelVersions: readonly string[]): ScoreCalibration | undefined {
    return this.byKey.get(combinationKey(modelVersions));
  }

  /** The calibration of exactly these model versions; throws `CalibrationError` naming the key when there is none. */
  require(modelVersions: readonly string[]): ScoreCalibration {
    const calibration = this.find(modelVersions);
    if (!calibration) {
      throw new CalibrationError(
        `${this.source} has no calibration for ${combinationKey(modelVersions)} (measure one with "${CALIBRATE_COMMAND}")`,
      );
    }
    return calibration;
  }

  /** Throws unless everything an engine making `modelVersions` may compare is calibrated (`comparableSets`). */
  requireFor(modelVersions: readonly string[]): void {
    for (const set of comparableSets(modelVersions)) this.require(set);
  }
}

/**
 * Everything an engine making `modelVersions` may be asked to compare: every non-empty subset of its
 * versions (templates from engines with fewer embedders), and for each version the same network's
 * other flip variant, alone and mixed with it (templates stored by an engine configured otherwise).
 */
export function comparableSets(modelVersions: readonly string[]): string[][] {
  const sets = nonEmptySubsets(modelVersions);
  for (const version of modelVersions) {
    const other = otherVariantOf(version);
    sets.push([other], [comparedVersion(version, other)]);
  }
  return sets;
}

/** Every non-empty subset, each in the original order; the full set last. */
export function nonEmptySubsets<T>(items: readonly T[]): T[][] {
  const subsets: T[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++) {
    subsets.push(items.filter((_, i) => (mask & (1 << i)) !== 0));
  }
  return subsets.sort((a, b) => a.length - b.length);
}
