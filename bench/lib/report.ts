import { DEFAULT_MATCH_SCORE, type ScoreCalibration, scoreToSimilarity, similarityToScore } from '@app/face';
import type { ProtocolResult } from './evaluate';

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : String(value));

/** A cosine with one embedder, a fused z-score with several. */
const unitOf = (calibration: ScoreCalibration) => (calibration.modelVersions.length > 1 ? 'z' : 'cos');

function thresholdCell(result: ProtocolResult, far: number, calibration: ScoreCalibration): string {
  const point = result.points.get(far);
  if (!point) return '-';
  const score = similarityToScore(calibration, point.threshold);
  return `${fixed(point.tar, 3)} (${unitOf(calibration)} ${fixed(point.threshold, 3)}, score ${fixed(score, 2)})`;
}

/** TAR and FAR when accepting at the default score threshold (score >= 30), as the service does. */
function atDefaultThreshold(result: ProtocolResult, calibration: ScoreCalibration): string {
  const threshold = scoreToSimilarity(calibration, DEFAULT_MATCH_SCORE);
  const accepted = (values: number[]) =>
    values.filter((v) => v > -Infinity && similarityToScore(calibration, v) >= DEFAULT_MATCH_SCORE).length;
  const tar = accepted(result.genuine) / result.genuine.length;
  const far = accepted(result.impostor) / result.impostor.length;
  return `${fixed(tar, 3)} / ${far === 0 ? '0' : far.toExponential(1)} (${unitOf(calibration)} ${fixed(threshold, 3)})`;
}

export interface ReportRow {
  variant: string;
  result: ProtocolResult;
  calibration: ScoreCalibration;
}

/** A Markdown table, one row per variant and protocol (pasted as is into models/README.md). */
export function formatTable(rows: readonly ReportRow[]): string {
  const header = [
    '| embedders | set | pairs same / different | misses | AUC | TAR@FAR 1e-2 (threshold) | TAR@FAR 1e-3 (threshold) | EER | TAR / FAR at score 30 | p50 decode / detect / embed / total ms |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const lines = rows.map(({ variant, result: r, calibration }) =>
    [
      variant,
      r.protocol,
      `${r.pairs.same} / ${r.pairs.different}`,
      r.misses === 0 ? '0' : `${r.misses} (${r.missedPhotos.join(', ')})`,
      fixed(r.auc, 4),
      thresholdCell(r, 1e-2, calibration),
      thresholdCell(r, 1e-3, calibration),
      fixed(r.eer, 4),
      atDefaultThreshold(r, calibration),
      [r.latencyMs.decode, r.latencyMs.detect, r.latencyMs.embed, r.latencyMs.total].map((ms) => fixed(ms, 1)).join(' / '),
    ].join(' | '),
  );
  return [...header, ...lines.map((line) => `| ${line} |`)].join('\n');
}

/** The JSON object of one variant on one protocol: thresholds as calibrated scores. */
export function toJson(result: ProtocolResult, calibration: ScoreCalibration): Record<string, unknown> {
  const point = (far: number) => result.points.get(far);
  const round = (value: number, digits: number) => Number(value.toFixed(digits));
  const scoreAt = (far: number) => {
    const threshold = point(far)?.threshold ?? -Infinity;
    return Number.isFinite(threshold) ? similarityToScore(calibration, threshold) : 0;
  };
  return {
    pairs: result.pairs,
    misses: result.misses,
    auc: round(result.auc, 6),
    tar: { '1e-2': round(point(1e-2)?.tar ?? NaN, 6), '1e-3': round(point(1e-3)?.tar ?? NaN, 6) },
    thresholds: { '1e-2': scoreAt(1e-2), '1e-3': scoreAt(1e-3) },
    eer: round(result.eer, 6),
    latencyMs: {
      decode: round(result.latencyMs.decode, 2),
      detect: round(result.latencyMs.detect, 2),
      embed: round(result.latencyMs.embed, 2),
      total: round(result.latencyMs.total, 2),
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
    ...result.weakestGenuine.map((p) => `    ${fixed(p.similarity, 4)}  ${p.probe} ~ ${p.reference}`),
    '  strongest impostor pairs:',
    ...result.strongestImpostor.map((p) => `    ${fixed(p.similarity, 4)}  ${p.probe} ~ ${p.reference}`),
  ];
  return lines.join('\n');
}
