export type PassiveVerdict = 'live' | 'uncertain' | 'attack';

export interface PassiveReading {
  /** Median of the frames' passive liveness scores (0..100); null when the model did not run. */
  score: number | null;
  verdict: PassiveVerdict | null;
}

/**
 * The passive model's reading of a challenge: the median of its frames' scores (one odd frame, a
 * blur or a turned head, does not decide), judged with the model's measured thresholds.
 */
export function judgePassive(scores: ReadonlyArray<number | null>, judge: (score: number) => PassiveVerdict): PassiveReading {
  const known = scores.filter((score): score is number => score !== null).sort((a, b) => a - b);
  if (known.length === 0) return { score: null, verdict: null };
  const middle = Math.floor(known.length / 2);
  const median = known.length % 2 === 1 ? known[middle] : (known[middle - 1] + known[middle]) / 2;
  const score = Math.round(median * 100) / 100;
  return { score, verdict: judge(score) };
}
