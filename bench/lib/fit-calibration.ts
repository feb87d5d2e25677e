import { buildCalibration, type CosineNormalisation, type ProtocolThresholds, type ScoreCalibration, similarityOf } from '@app/face';
import type { ProtocolCosines, ProtocolResult } from './evaluate';
import { scoreVariant } from './evaluate';

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** Mean and standard deviation of one embedder's impostor cosines (pairs with a missed face left out). */
export function impostorNormalisation(scored: ProtocolCosines, modelVersion: string): CosineNormalisation {
  const cosines = scored.pairs.flatMap((pair) =>
    !pair.same && pair.cosines && modelVersion in pair.cosines ? [pair.cosines[modelVersion]] : [],
  );
  if (cosines.length < 2) throw new Error(`${scored.protocol}: too few impostor pairs for ${modelVersion}`);
  const mean = cosines.reduce((sum, c) => sum + c, 0) / cosines.length;
  const sd = Math.sqrt(cosines.reduce((sum, c) => sum + (c - mean) ** 2, 0) / (cosines.length - 1));
  return { mean: round6(mean), sd: round6(sd) };
}

export function thresholdsOf(result: ProtocolResult): ProtocolThresholds {
  const at = (far: number) => round6(result.points.get(far)?.threshold ?? NaN);
  return {
    protocol: result.protocol,
    far1e1: at(1e-1),
    far1e2: at(1e-2),
    far1e3: at(1e-3),
    maxImpostor: round6(result.maxImpostor),
    medianGenuine: round6(result.medianGenuine),
    impostorSd: round6(result.impostorSd),
  };
}

/**
 * Calibrates one set of model versions on the given protocols. With several versions, each cosine
 * is normalised against the impostors of `normaliseOn` (the plain protocol: real photos of
 * different people) before they are averaged; every protocol then gives its thresholds and the
 * knots take the stricter of them.
 */
export function fitCalibration(
  modelVersions: readonly string[],
  protocols: readonly ProtocolCosines[],
  normaliseOn: ProtocolCosines,
  measuredOn: Record<string, unknown>,
): { calibration: ScoreCalibration; results: ProtocolResult[] } {
  const normalisation =
    modelVersions.length > 1
      ? Object.fromEntries(modelVersions.map((version) => [version, impostorNormalisation(normaliseOn, version)]))
      : undefined;
  const shape = { modelVersions: [...modelVersions], normalisation };
  const results = protocols.map((scored) => scoreVariant(scored, modelVersions, (cosines) => similarityOf(shape, cosines)));
  const extra = normalisation ? { normalisedOn: `${normaliseOn.protocol} impostors` } : {};
  const calibration = buildCalibration(modelVersions, normalisation, results.map(thresholdsOf), { ...measuredOn, ...extra });
  return { calibration, results };
}
