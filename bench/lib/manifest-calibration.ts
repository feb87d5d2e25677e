import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { CALIBRATE_COMMAND, combinationKey, type ScoreCalibration, type StoredCalibration } from '@app/face';

interface CalibrationSection {
  description: string;
  command: string;
  combinations: Record<string, StoredCalibration>;
}

/**
 * Stores each calibration under `"calibration".combinations[<model versions joined by ' & '>]` of the
 * models manifest, keeping the other combinations, and leaves every other key byte-for-byte as it
 * was (only the text of the last key is rewritten).
 */
export function writeCalibrations(manifestPath: string, calibrations: readonly ScoreCalibration[]): void {
  const text = readFileSync(manifestPath, 'utf8');
  const manifest = JSON.parse(text) as Record<string, unknown>;
  const keys = Object.keys(manifest);
  if (keys[keys.length - 1] !== 'calibration') {
    throw new Error(`${manifestPath}: "calibration" must be the last key so it can be rewritten alone`);
  }
  const previous = manifest.calibration as Partial<CalibrationSection> | null;
  const combinations: Record<string, StoredCalibration> = { ...(previous?.combinations ?? {}) };
  for (const { modelVersions, normalisation, knots, measuredOn } of calibrations) {
    combinations[combinationKey(modelVersions)] = normalisation ? { normalisation, knots, measuredOn } : { knots, measuredOn };
  }
  const section: CalibrationSection = {
    description:
      'similarity -> score 0..100 knots per set of model versions compared together (one: plain cosine; several: ' +
      "mean of the cosines z-normalised against each one's impostor distribution), measured by bench/calibrate.ts " +
      '(see models/README.md); score 30, the default threshold, sits at a measured FAR <= 1e-3',
    command: CALIBRATE_COMMAND,
    combinations: Object.fromEntries(Object.entries(combinations).sort(([a], [b]) => a.localeCompare(b))),
  };
  const keyAt = text.lastIndexOf('"calibration"');
  const valueAt = text.indexOf(':', keyAt) + 1;
  const body = collapseFlatObjects(JSON.stringify(section, null, 2)).replace(/\n/g, '\n  ');
  const updated = `${text.slice(0, valueAt)} ${body}\n}\n`;

  const reparsed = JSON.parse(updated) as Record<string, unknown>;
  const unchanged = keys.filter((key) => key !== 'calibration').every((key) => isDeepStrictEqual(reparsed[key], manifest[key]));
  if (!unchanged || !isDeepStrictEqual(reparsed.calibration, section)) {
    throw new Error(`${manifestPath}: refusing to write, the rewrite would change other keys`);
  }
  writeFileSync(manifestPath, updated);
}

/** Puts objects holding only plain values on one line (`{ "cosine": 0.42, "score": 30 }`), like the rest of the manifest. */
function collapseFlatObjects(json: string): string {
  return json.replace(/\{\n\s+([^{}[\]]*?)\n\s*\}/g, (_match, body: string) => `{ ${body.split(/,\n\s+/).join(', ')} }`);
}
