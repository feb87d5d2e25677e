/** What a liveness score means under an organization's thresholds. */
export type LivenessVerdict = 'live' | 'uncertain' | 'attack';

export interface LivenessThresholds {
  /** Scores at or above this are live. */
  threshold: number;
  /** Scores in [attackBelow, threshold) are uncertain (a human should look); below it, an attack. */
  attackBelow: number;
}

/**
 * Defaults measured by `npm run bench:liveness` (docs/accuracy.md, Liveness): the threshold and the uncertain
 * band below it. Overridable with LIVENESS_THRESHOLD and LIVENESS_ATTACK_BELOW.
 */
export const DEFAULT_LIVENESS_THRESHOLDS: LivenessThresholds = { threshold: 65, attackBelow: 20 };

export function judgeLiveness(score: number, thresholds: LivenessThresholds = DEFAULT_LIVENESS_THRESHOLDS): LivenessVerdict {
  if (thresholds.attackBelow > thresholds.threshold) throw new Error('attackBelow must not exceed the liveness threshold');
  if (score >= thresholds.threshold) return 'live';
  return score >= thresholds.attackBelow ? 'uncertain' : 'attack';
}
