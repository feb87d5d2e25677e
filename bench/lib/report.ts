import { cosineToScore, DEFAULT_MATCH_SCORE, type ScoreCalibration, scoreToCosine } from '@app/face';
import type { ProtocolResult } from './evaluate';

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : String(value));

function thresholdCell(result: ProtocolResult, far: number, calibration: ScoreCalibration): string {
  const point = result.points.get(far);
  if (!point) return '-';
  return `${fixed(point.tar, 3)} (cos ${fixed(point.threshold, 3)}, score ${fixed(cosineToScore(calibration, point.threshold), 2)})`;
}

/** TAR and FAR when accepting at the default score threshold (score >= 30), as the service does. */
function atDefaultThreshold(result: ProtocolResult, calibration: ScoreCalibration): string {
  const threshold = scoreToCosine(calibration, DEFAULT_MATCH_SCORE);
  const accepted = (scores: number[]) => scores.filter((cosine) => cosineToScore(calibration, cosine) >= DEFAULT_MATCH_SCORE).length;
  const tar = accepted(result.genuine) / result.genuine.length;
  const far = accepted(result.impostor) / result.impostor.length;
  return `${fixed(tar, 3)} / ${far === 0 ? '0' : far.toExponential(1)} (cos ${fixed(threshold, 3)})`;
}

/** A Markdown table, one row per protocol (pasted as is into models/README.md). */
export function formatTable(results: readonly ProtocolResult[], calibration: ScoreCalibration): string {
  const header = [
    '| set | pairs same / different | misses | AUC | TAR@FAR 1e-2 (threshold) | TAR@FAR 1e-3 (threshold) | EER | TAR / FAR at score 30 | p50 decode / detect / embed ms |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const rows = results.map((r) =>
    [
      r.protocol,
      `${r.pairs.same} / ${r.pairs.different}`,
      r.misses === 0 ? '0' : `${r.misses} (${r.missedPhotos.join(', ')})`,
      fixed(r.auc, 4),
      thresholdCell(r, 1e-2, calibration),
      thresholdCell(r, 1e-3, calibration),
      fixed(r.eer, 4),
      atDefaultThreshold(r, calibration),
      `${fixed(r.latencyMs.decode, 1)} / ${fixed(r.latencyMs.detect, 1)} / ${fixed(r.latencyMs.embed, 1)}`,
    ].join(' | '),
  );
  return [...header, ...rows.map((row) => `| ${row} |`)].join('\n');
}

/** The single JSON object of `--json`: thresholds as calibrated scores. */
export function toJson(result: ProtocolResult, calibration: ScoreCalibration): Record<string, unknown> {
  const point = (far: number) => result.points.get(far);
  const round = (value: number, digits: number) => Number(value.toFixed(digits));
  return {
    pairs: result.pairs,
    misses: result.misses,
    auc: round(result.auc, 6),
    tar: { '1e-2': round(point(1e-2)?.tar ?? NaN, 6), '1e-3': round(point(1e-3)?.tar ?? NaN, 6) },
    thresholds: {
      '1e-2': cosineToScore(calibration, point(1e-2)?.threshold ?? -1),
      '1e-3': cosineToScore(calibration, point(1e-3)?.threshold ?? -1),
    },
    eer: round(result.eer, 6),
    latencyMs: {
      decode: round(result.latencyMs.decode, 2),
      detect: round(result.latencyMs.detect, 2),
      embed: round(result.latencyMs.embed, 2),
    },
  };
}

/** Score distributions and the pairs closest to the threshold, for tuning the pipeline. */
export function formatDetails(result: ProtocolResult): string {
  const stats = (values: number[]) => {
    const finite = values.filter(Number.isFinite);
    const mean = finite.reduce((sum, v) => sum + v, 0) / finite.length;
    const variance = finite.reduce((sum, v) => sum + (v - mean) ** 2, 0) / finite.length;
    return { mean, sd: Math.sqrt(variance) };
  };
  const genuine = stats(result.genuine);
  const impostor = stats(result.impostor);
  const dPrime = (genuine.mean - impostor.mean) / Math.sqrt((genuine.sd ** 2 + impostor.sd ** 2) / 2);
  const lines = [
    `${result.protocol}: genuine ${genuine.mean.toFixed(4)} ± ${genuine.sd.toFixed(4)}, ` +
      `impostor ${impostor.mean.toFixed(4)} ± ${impostor.sd.toFixed(4)}, d' ${dPrime.toFixed(3)}, ` +
      `max impostor ${result.maxImpostor.toFixed(4)}`,
    '  weakest genuine pairs:',
    ...result.weakestGenuine.map((p) => `    ${fixed(p.cosine, 4)}  ${p.probe} ~ ${p.reference}`),
    '  strongest impostor pairs:',
    ...result.strongestImpostor.map((p) => `    ${fixed(p.cosine, 4)}  ${p.probe} ~ ${p.reference}`),
  ];
  return lines.join('\n');
}
