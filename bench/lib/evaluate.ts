import type { FaceAnalysis, FaceEngine, FaceTemplate } from '@app/face';
import type { Pair } from './dataset';
import { areaUnderCurve, equalErrorRate, median, type OperatingPoint, operatingPoint } from './metrics';

/** What the benchmark keeps of one analysed photo. */
export interface AnalysedPhoto {
  name: string;
  template: FaceTemplate | null;
  timings: FaceAnalysis['timings'];
}

/** Analyses each photo once, in order (one at a time, so the stage timings are single-core). */
export async function analysePhotos(
  engine: FaceEngine,
  names: readonly string[],
  load: (name: string) => Promise<Buffer>,
): Promise<AnalysedPhoto[]> {
  const analysed: AnalysedPhoto[] = [];
  for (const name of names) {
    const analysis = await engine.analyze(await load(name));
    analysed.push({ name, template: analysis.primary?.template ?? null, timings: analysis.timings });
  }
  return analysed;
}

export const REPORTED_FARS = [1e-1, 1e-2, 1e-3] as const;

export interface ProtocolResult {
  protocol: string;
  pairs: { same: number; different: number };
  /** Photos in which no face was found (each is a rejection in every pair it is part of). */
  misses: number;
  missedPhotos: string[];
  genuine: number[];
  impostor: number[];
  auc: number;
  eer: number;
  /** Keyed by FAR: 1e-1, 1e-2, 1e-3. */
  points: Map<number, OperatingPoint>;
  maxImpostor: number;
  medianGenuine: number;
  latencyMs: { decode: number; detect: number; embed: number };
  /** The lowest-scoring genuine and highest-scoring impostor pairs (for --verbose). */
  weakestGenuine: ScoredPair[];
  strongestImpostor: ScoredPair[];
}

export interface ScoredPair {
  probe: string;
  reference: string;
  cosine: number;
}

/**
 * Scores every pair with the engine's cosine. `probes[pair.probe]` is compared with
 * `references[pair.reference]`; for the all-pairs protocol both lists are the same photos.
 */
export function scoreProtocol(
  protocol: string,
  engine: FaceEngine,
  probes: readonly AnalysedPhoto[],
  references: readonly AnalysedPhoto[],
  pairs: readonly Pair[],
): ProtocolResult {
  const genuine: number[] = [];
  const impostor: number[] = [];
  const scored: Array<ScoredPair & { same: boolean }> = [];
  for (const pair of pairs) {
    const a = probes[pair.probe].template;
    const b = references[pair.reference].template;
    const cosine = a && b ? engine.compare(a, b).cosine : -Infinity;
    (pair.same ? genuine : impostor).push(cosine);
    scored.push({ probe: probes[pair.probe].name, reference: references[pair.reference].name, cosine, same: pair.same });
  }
  scored.sort((x, y) => x.cosine - y.cosine);
  const strip = ({ probe, reference, cosine }: ScoredPair) => ({ probe, reference, cosine });
  const photos = [...new Set([...probes, ...references])];
  const missed = photos.filter((photo) => photo.template === null).map((photo) => photo.name);
  return {
    protocol,
    pairs: { same: genuine.length, different: impostor.length },
    misses: missed.length,
    missedPhotos: missed,
    genuine,
    impostor,
    auc: areaUnderCurve(genuine, impostor),
    eer: equalErrorRate(genuine, impostor),
    points: new Map(REPORTED_FARS.map((far) => [far, operatingPoint(genuine, impostor, far)])),
    maxImpostor: Math.max(...impostor.filter(Number.isFinite)),
    medianGenuine: median(genuine),
    latencyMs: {
      decode: median(photos.map((photo) => photo.timings.decodeMs)),
      detect: median(photos.map((photo) => photo.timings.detectMs)),
      embed: median(photos.map((photo) => photo.timings.embedMs)),
    },
    weakestGenuine: scored.filter((p) => p.same).slice(0, 8).map(strip),
    strongestImpostor: scored.filter((p) => !p.same).slice(-8).reverse().map(strip),
  };
}
