/**
 * Verification metrics over genuine (same identity) and impostor (different identity) similarity
 * scores. A pair whose photo had no face carries -Infinity: it is rejected at every threshold.
 * The accept rule everywhere is `score > threshold`.
 */

export interface OperatingPoint {
  /** Target false-accept rate. */
  far: number;
  /** The lowest threshold that keeps the impostor accept rate <= far. */
  threshold: number;
  /** Share of genuine pairs accepted at that threshold (misses count as rejected). */
  tar: number;
}

/** ROC AUC: the probability that a random genuine pair outscores a random impostor pair (ties count half). */
export function areaUnderCurve(genuine: readonly number[], impostor: readonly number[]): number {
  const sortedImpostor = [...impostor].sort((a, b) => a - b);
  let wins = 0;
  for (const score of genuine) {
    const below = lowerBound(sortedImpostor, score);
    const tiedOrBelow = upperBound(sortedImpostor, score);
    wins += below + (tiedOrBelow - below) / 2;
  }
  return wins / (genuine.length * impostor.length);
}

/**
 * The operating point at a false-accept rate: with N impostor scores sorted high to low, at most
 * floor(far * N) of them may be accepted, so the threshold is the next one down.
 */
export function operatingPoint(genuine: readonly number[], impostor: readonly number[], far: number): OperatingPoint {
  const descending = [...impostor].sort((a, b) => b - a);
  const allowed = Math.floor(far * descending.length);
  const threshold = allowed < descending.length ? descending[allowed] : -Infinity;
  const accepted = genuine.filter((score) => score > threshold).length;
  return { far, threshold, tar: accepted / genuine.length };
}

/** Equal error rate: where the false-accept and false-reject rates cross (their mean at the closest point). */
export function equalErrorRate(genuine: readonly number[], impostor: readonly number[]): number {
  const candidates = [...new Set([...genuine, ...impostor].filter(Number.isFinite))].sort((a, b) => a - b);
  const sortedGenuine = [...genuine].sort((a, b) => a - b);
  const sortedImpostor = [...impostor].sort((a, b) => a - b);
  let best = { gap: Infinity, rate: 1 };
  for (const threshold of [-Infinity, ...candidates]) {
    // Accept when score > threshold.
    const falseReject = upperBound(sortedGenuine, threshold) / genuine.length;
    const falseAccept = (impostor.length - upperBound(sortedImpostor, threshold)) / impostor.length;
    const gap = Math.abs(falseAccept - falseReject);
    if (gap < best.gap) best = { gap, rate: (falseAccept + falseReject) / 2 };
  }
  return best.rate;
}

export function median(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return NaN;
  const middle = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2;
}

/** Index of the first element >= value. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the first element > value. */
function upperBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
