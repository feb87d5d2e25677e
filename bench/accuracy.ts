/**
 * Accuracy benchmark of the face engine on a labelled folder (`labels.csv`: image,identity), with
 * the protocol of /work/shared/faces/README.md:
 *
 *   node -r @swc-node/register bench/accuracy.ts --data <folder> [--docsim] [--json]
 *   node -r @swc-node/register bench/accuracy.ts --data <folder> --calibrate
 *
 * Default: every same / different pair of originals. --docsim: each degraded copy (ID-document
 * simulation) against every other original. --json: one JSON object on stdout and nothing else.
 * --calibrate: measures both protocols and writes the cosine -> score knots for the engine's model
 * version into models/manifest.json. Runs one worker thread so the stage latencies are one core's.
 */
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { faceConfig } from '@app/core';
import { buildCalibration, FaceEngine, loadCalibration, type ScoreCalibration, templateModelVersion } from '@app/face';
import { parseArguments } from './lib/args';
import { allPairs, crossPairs, readLabels } from './lib/dataset';
import { degradeLikeIdDocument } from './lib/docsim';
import { type AnalysedPhoto, analysePhotos, type ProtocolResult, scoreProtocol } from './lib/evaluate';
import { writeCalibration } from './lib/manifest-calibration';
import { formatDetails, formatTable, toJson } from './lib/report';

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const config = { ...faceConfig(), workers: 1 };
  if (args.flip !== undefined) config.flipAugment = args.flip;
  if (args.maxSide !== undefined) config.maxSide = args.maxSide;
  const modelVersion = templateModelVersion(config.flipAugment);
  const manifestPath = join(resolve(config.modelsDir), 'manifest.json');
  // While calibrating, compare() only needs to return cosines: any valid curve will do.
  const provisional: ScoreCalibration = { modelVersion, knots: [{ cosine: -1, score: 0 }, { cosine: 1, score: 100 }] };
  const engine = new FaceEngine({
    ...config,
    // The benchmark reads the photos as they are; the request-size limit is the API's business.
    imageMaxBytes: Number.MAX_SAFE_INTEGER,
    calibration: args.calibrate ? provisional : undefined,
    tuning: args.tuning,
  });
  await engine.start();
  try {
    const labels = readLabels(args.data);
    const names = labels.map((label) => label.image);
    const load = (name: string) => readFile(join(args.data, name));
    const originals = await analysePhotos(engine, names, load);
    const results: ProtocolResult[] = [];
    if (!args.docsim || args.calibrate) {
      results.push(scoreProtocol('all pairs', engine, originals, originals, allPairs(labels)));
    }
    if (args.docsim || args.calibrate) {
      const degraded: AnalysedPhoto[] = (
        await analysePhotos(engine, names, async (name) => degradeLikeIdDocument(await load(name)))
      ).map((photo) => ({ ...photo, name: `${photo.name} (docsim)` }));
      results.push(scoreProtocol('docsim', engine, degraded, originals, crossPairs(labels)));
    }

    let calibration: ScoreCalibration;
    if (args.calibrate) {
      calibration = buildCalibration(
        modelVersion,
        results.map((r) => ({
          protocol: r.protocol,
          far1e1: round6(r.points.get(1e-1)?.threshold ?? NaN),
          far1e2: round6(r.points.get(1e-2)?.threshold ?? NaN),
          far1e3: round6(r.points.get(1e-3)?.threshold ?? NaN),
          maxImpostor: round6(r.maxImpostor),
          medianGenuine: round6(r.medianGenuine),
        })),
        {
          data: basename(resolve(args.data)),
          photos: labels.length,
          identities: new Set(labels.map((label) => label.identity)).size,
          protocols: results.map((r) => ({ protocol: r.protocol, same: r.pairs.same, different: r.pairs.different, misses: r.misses })),
          date: new Date().toISOString().slice(0, 10),
        },
      );
      writeCalibration(manifestPath, calibration, 'npm run bench:accuracy -- --data <labelled faces> --calibrate');
    } else {
      calibration = loadCalibration(manifestPath, modelVersion);
    }

    if (args.json) {
      process.stdout.write(`${JSON.stringify(toJson(results[0], calibration))}\n`);
      return;
    }
    process.stdout.write(`model ${modelVersion}, data ${args.data}\n\n${formatTable(results, calibration)}\n`);
    if (args.verbose) for (const result of results) process.stdout.write(`\n${formatDetails(result)}\n`);
    if (args.calibrate) {
      process.stdout.write(`\ncalibration written to ${manifestPath}:\n`);
      for (const knot of calibration.knots) {
        process.stdout.write(`  cosine ${knot.cosine.toFixed(4)} -> score ${knot.score}  ${knot.meaning ?? ''}\n`);
      }
    }
  } finally {
    await engine.close();
  }
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
