/**
 * Accuracy benchmark of the face engine on a labelled folder (`labels.csv`: image,identity), with
 * the protocol of /work/shared/faces/README.md:
 *
 *   node -r @swc-node/register bench/accuracy.ts --data <folder> [--docsim] [--json] [--embedders fr,frnet]
 *
 * Default: every same / different pair of originals. --docsim: each degraded copy (ID-document
 * simulation) against every other original. Every photo is analysed once with all the configured
 * embedders (FACE_EMBEDDERS); each embedder alone and every combination of them is then scored with
 * its calibration from models/manifest.json. --json: one JSON object on stdout and nothing else,
 * the full configuration's figures at the top level and every combination under `variants`.
 * Runs one worker thread so the stage latencies are one core's. Calibrate with bench/calibrate.ts.
 */
import { join, resolve } from 'node:path';
import { faceConfig } from '@app/core';
import { CalibrationSet, type ScoreCalibration, similarityOf } from '@app/face';
import { parseArguments } from './lib/args';
import { pairCosines, scoreVariant } from './lib/evaluate';
import { fitCalibration } from './lib/fit-calibration';
import { measureProtocols } from './lib/protocols';
import { formatDetails, formatTable, type ReportRow, toJson } from './lib/report';
import { engineFor } from './lib/setup';
import { variantsOf } from './lib/variants';

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const config = { ...faceConfig(), workers: 1 };
  const engine = engineFor(config, args);
  await engine.start();
  try {
    const calibrations = CalibrationSet.fromManifest(join(resolve(config.modelsDir), 'manifest.json'));
    const { protocols } = await measureProtocols(engine, args.data, [args.docsim ? 'docsim' : 'all pairs']);
    const scored = pairCosines(protocols[0]);
    const uncalibrated: string[] = [];
    const rows: ReportRow[] = variantsOf(engine.embedders).map((variant) => {
      let calibration: ScoreCalibration | undefined = calibrations.find(variant.modelVersions);
      if (!calibration) {
        // An experiment (e.g. --flip-of) without a stored calibration: AUC and TAR do not depend on
        // one; the score columns then come from a calibration fitted on this very run.
        uncalibrated.push(variant.name);
        calibration = fitCalibration(variant.modelVersions, [scored], scored, {}).calibration;
      }
      const shape = calibration;
      const result = scoreVariant(scored, variant.modelVersions, (cosines) => similarityOf(shape, cosines));
      return { variant: variant.name, result, calibration };
    });
    if (uncalibrated.length > 0) {
      process.stderr.write(`no stored calibration for ${uncalibrated.join('; ')}: scores use one fitted on this run\n`);
    }

    if (args.json) {
      const full = rows[rows.length - 1];
      const variants = Object.fromEntries(rows.map((row) => [row.variant, toJson(row.result, row.calibration)]));
      process.stdout.write(`${JSON.stringify({ ...toJson(full.result, full.calibration), variants })}\n`);
      return;
    }
    process.stdout.write(
      `embedders ${engine.embedders.map((e) => e.modelVersion).join(', ')}; data ${args.data}\n\n${formatTable(rows)}\n`,
    );
    if (args.verbose) for (const row of rows) process.stdout.write(`\n[${row.variant}] ${formatDetails(row.result)}\n`);
  } finally {
    await engine.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
