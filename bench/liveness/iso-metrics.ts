/** ISO/IEC 30107-3 error rates from liveness scores (higher = more live; accepted as live at score >= threshold). */

/** APCER: the share of attack presentations accepted as live. Attacks with no face detected count as rejected. */
export function apcer(attackScores: ReadonlyArray<number | null>, threshold: number): number {
  if (attackScores.length === 0) return NaN;
  return attackScores.filter((score) => score !== null && score >= threshold).length / attackScores.length;
}

/** BPCER: the share of bona fide presentations rejected (no face detected counts as rejected). */
export function bpcer(genuineScores: ReadonlyArray<number | null>, threshold: number): number {
  if (genuineScores.length === 0) return NaN;
  return genuineScores.filter((score) => score === null || score < threshold).length / genuineScores.length;
}

/**
 * The lowest threshold at which every attack type's APCER is at most `target`, and the BPCER there
 * (e.g. BPCER20 for target 0.05). Candidate thresholds are the observed scores just above each
 * attack score, so the result is exact for the data.
 */
export function bpcerAtApcer(
  genuineScores: ReadonlyArray<number | null>,
  attacksByType: ReadonlyArray<ReadonlyArray<number | null>>,
  target: number,
): { threshold: number; bpcer: number } {
  const candidates = [
    0,
    ...attacksByType
      .flat()
      .filter((s): s is number => s !== null)
      .map((s) => s + 1e-6),
    100 + 1e-6,
  ].sort((a, b) => a - b);
  for (const threshold of candidates) {
    if (attacksByType.every((scores) => apcer(scores, threshold) <= target)) {
      return { threshold, bpcer: bpcer(genuineScores, threshold) };
    }
  }
  return { threshold: Infinity, bpcer: 1 };
}
