/**
 * Measures the score calibrations and writes them into models/manifest.json:
 *
 *   npm run calibrate -- --data <folder with labels.csv> [--embedders fr,frnet]
 *
 * Every configuration an engine can have with these embedders (each non-empty FACE_EMBEDDERS
 * subset, FACE_FLIP_AUGMENT on and off) needs calibrations for everything it may compare
 * (`comparableSets`: its embedders together, each subset, and each one's other flip variant alone
 * and mixed with it). Every photo of both protocols of /work/shared/faces/README.md (all pairs,
 * docsim) is analysed twice, with flip averaging on and off for every embedder, which yields every
 * such version; then each set gets its calibration: the impostor normalisation of each cosine
 * (fused sets) and the similarity -> score knots (score 30 at the stricter FAR 1e-3 threshold of
 * the two protocols plus a margin). Other stored combinations are kept.
 */
import { join, resolve } from 'node:path';
import { faceConfig } from '@app/core';
import {
  combinationKey,
  comparableSets,
  DEFAULT_MATCH_SCORE,
  EMBEDDER_NAMES,
  type EmbedderName,
  nonEmptySubsets,
  resolveEmbedders,
  type ScoreCalibration,
  scoreToSimilarity,
  similarityToScore,
} from '@app/face';
import { parseArguments } from './lib/args';
import { pairCosines, type ProtocolResult } from './lib/evaluate';
import { fitCalibration } from './lib/fit-calibration';
import { writeCalibrations } from './lib/manifest-calibration';
import { describeData, measureProtocols, mergeProtocols } from './lib/protocols';
import { engineFor } from './lib/setup';

type Arguments = ReturnType<typeof parseArguments>;

/** Both protocols analysed by an engine running `names`, all flip-averaged or none. */
async function measure(names: readonly EmbedderName[], flip: boolean, args: Arguments) {
  const flipOf = Object.fromEntries(names.map((name) => [name, flip]));
  const engine = engineFor({ ...faceConfig(), workers: 1 }, { ...args, embedders: [...names], flip, flipOf });
  await engine.start();
  try {
    return await measureProtocols(engine, args.data, ['all pairs', 'docsim']);
  } finally {
    await engine.close();
  }
}

/** Every set of model versions some configuration of `names` may compare, by calibration key. */
function setsToCalibrate(names: readonly EmbedderName[]): Map<string, string[]> {
  const sets = new Map<string, string[]>();
  for (const configured of nonEmptySubsets([...names])) {
    for (const flipAugment of [true, false]) {
      const versions = resolveEmbedders(configured, flipAugment).map((e) => e.modelVersion);
      for (const set of comparableSets(versions)) sets.set(combinationKey(set), set);
    }
  }
  return sets;
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const names = args.embedders ?? [...EMBEDDER_NAMES];
  const flipped = await measure(names, true, args);
  const plain = await measure(names, false, args);
  const photos = mergeProtocols(plain.protocols, flipped.protocols);
  const protocols = photos.map(pairCosines);

  const measuredOn = { ...describeData(args.data, plain.labels, photos), date: new Date().toISOString().slice(0, 10) };
  const fitted = new Map<string, { calibration: ScoreCalibration; results: ProtocolResult[] }>();
  for (const [key, set] of setsToCalibrate(names)) fitted.set(key, fitCalibration(set, protocols, protocols[0], measuredOn));
  const manifestPath = join(resolve(faceConfig().modelsDir), 'manifest.json');
  writeCalibrations(
    manifestPath,
    [...fitted.values()].map((f) => f.calibration),
  );

  process.stdout.write(`${fitted.size} calibrations written to ${manifestPath}:\n`);
  for (const [key, { calibration, results }] of fitted) {
    const threshold = scoreToSimilarity(calibration, DEFAULT_MATCH_SCORE);
    const accepted = (values: number[]) =>
      values.filter((v) => similarityToScore(calibration, v) >= DEFAULT_MATCH_SCORE).length / values.length;
    const figures = results.map(
      (r) =>
        `${r.protocol}: TAR@FAR 1e-3 ${(r.points.get(1e-3)?.tar ?? NaN).toFixed(3)}, ` +
        `at score 30 TAR ${accepted(r.genuine).toFixed(3)} FAR ${accepted(r.impostor).toExponential(1)}`,
    );
    process.stdout.write(`\n${key}\n  score 30 at ${threshold.toFixed(4)}\n  ${figures.join('\n  ')}\n`);
    for (const knot of calibration.knots) {
      process.stdout.write(`  ${knot.similarity.toFixed(4).padStart(9)} -> ${String(knot.score).padStart(3)}  ${knot.meaning ?? ''}\n`);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
