import { comparedVersion, cosineSimilarity, type FaceAnalysis, type FaceEngine, type FaceTemplate, familyOf } from '@app/face';
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

/** One pair of a protocol with the plain cosine of every embedder (null when a photo had no face). */
export interface PairCosines {
  probe: string;
  reference: string;
  same: boolean;
  cosines: Record<string, number> | null;
}

/** A protocol's photos and pairs: `probes[pair.probe]` is compared with `references[pair.reference]`. */
export interface ProtocolPhotos {
  protocol: string;
  probes: AnalysedPhoto[];
  /** The same array as `probes` for the all-pairs protocol. */
  references: AnalysedPhoto[];
  pairs: Pair[];
}

/** A protocol's pairs, scored once per embedder; every variant is derived from it. */
export interface ProtocolCosines {
  protocol: string;
  pairs: PairCosines[];
  /** Every photo the protocol uses (probes and references). */
  photos: AnalysedPhoto[];
}

/**
 * The cosines of every pair, keyed by what was compared (`comparedVersion`): each model version
 * both photos have, and, where photos hold both flip variants of a network, the mixed pair (probe
 * plain, reference flip-averaged: a new template against one stored by an engine that flipped).
 */
export function pairCosines({ protocol, probes, references, pairs }: ProtocolPhotos): ProtocolCosines {
  const scored = pairs.map((pair): PairCosines => {
    const a = probes[pair.probe];
    const b = references[pair.reference];
    return {
      probe: a.name,
      reference: b.name,
      same: pair.same,
      cosines: a.template && b.template ? cosinesOf(a.template, b.template) : null,
    };
  });
  return { protocol, pairs: scored, photos: [...new Set([...probes, ...references])] };
}

function cosinesOf(a: FaceTemplate, b: FaceTemplate): Record<string, number> {
  const cosines: Record<string, number> = {};
  for (const x of a.embeddings) {
    for (const y of b.embeddings) {
      // The plain version sorts first: "x < y" keeps the probe-plain orientation of a mixed pair.
      const same = x.modelVersion === y.modelVersion;
      const mixed = familyOf(x.modelVersion) === familyOf(y.modelVersion) && x.modelVersion < y.modelVersion;
      if (same || mixed) cosines[comparedVersion(x.modelVersion, y.modelVersion)] = cosineSimilarity(x.vector, y.vector);
    }
  }
  return cosines;
}

export const REPORTED_FARS = [1e-1, 1e-2, 1e-3] as const;

/** One variant (a set of embedders and how their cosines become one similarity) on one protocol. */
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
  impostorSd: number;
  /** Per-image medians; `embed` covers the variant's embedders only, `total` is decode + detect + embed. */
  latencyMs: { decode: number; detect: number; embed: number; total: number };
  /** The lowest-scoring genuine and highest-scoring impostor pairs (for --verbose). */
  weakestGenuine: ScoredPair[];
  strongestImpostor: ScoredPair[];
}

export interface ScoredPair {
  probe: string;
  reference: string;
  similarity: number;
}

/**
 * Scores a protocol for the embedders `modelVersions` with `similarity` (the plain cosine of one,
 * or a fusion of several). A pair whose photo had no face scores -Infinity (rejected everywhere).
 */
export function scoreVariant(
  scored: ProtocolCosines,
  modelVersions: readonly string[],
  similarity: (cosines: Record<string, number>) => number,
): ProtocolResult {
  const genuine: number[] = [];
  const impostor: number[] = [];
  const ranked: Array<ScoredPair & { same: boolean }> = [];
  for (const pair of scored.pairs) {
    const value = pair.cosines ? similarity(pair.cosines) : -Infinity;
    (pair.same ? genuine : impostor).push(value);
    ranked.push({ probe: pair.probe, reference: pair.reference, similarity: value, same: pair.same });
  }
  ranked.sort((x, y) => x.similarity - y.similarity);
  const strip = ({ probe, reference, similarity: value }: ScoredPair) => ({ probe, reference, similarity: value });
  const { photos } = scored;
  const missed = photos.filter((photo) => photo.template === null).map((photo) => photo.name);
  const embedMs = (photo: AnalysedPhoto) => modelVersions.reduce((sum, version) => sum + (photo.timings.embedders[version] ?? NaN), 0);
  const finiteImpostor = impostor.filter(Number.isFinite);
  const impostorMean = finiteImpostor.reduce((sum, v) => sum + v, 0) / finiteImpostor.length;
  return {
    protocol: scored.protocol,
    pairs: { same: genuine.length, different: impostor.length },
    misses: missed.length,
    missedPhotos: missed,
    genuine,
    impostor,
    auc: areaUnderCurve(genuine, impostor),
    eer: equalErrorRate(genuine, impostor),
    points: new Map(REPORTED_FARS.map((far) => [far, operatingPoint(genuine, impostor, far)])),
    maxImpostor: Math.max(...finiteImpostor),
    medianGenuine: median(genuine),
    impostorSd: Math.sqrt(finiteImpostor.reduce((sum, v) => sum + (v - impostorMean) ** 2, 0) / finiteImpostor.length),
    latencyMs: {
      decode: median(photos.map((photo) => photo.timings.decodeMs)),
      detect: median(photos.map((photo) => photo.timings.detectMs)),
      embed: median(photos.map(embedMs)),
      total: median(photos.map((photo) => photo.timings.decodeMs + photo.timings.detectMs + embedMs(photo))),
    },
    weakestGenuine: ranked
      .filter((p) => p.same)
      .slice(0, 8)
      .map(strip),
    strongestImpostor: ranked
      .filter((p) => !p.same)
      .slice(-8)
      .reverse()
      .map(strip),
  };
}
