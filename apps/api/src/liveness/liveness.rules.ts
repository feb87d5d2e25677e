import { FaceAnalysis, judgeLiveness, LivenessThresholds } from '@app/face';

export type LivenessStatus = 'approved' | 'declined' | 'in_review';

export type LivenessWarning = 'LIVENESS_FACE_ATTACK' | 'LOW_LIVENESS_SCORE' | 'NO_FACE_DETECTED' | 'MULTIPLE_FACES_DETECTED';

export interface LivenessDecision {
  live: boolean;
  /** Passive liveness score 0..100; null when no face was found. */
  score: number | null;
  status: LivenessStatus;
  warnings: LivenessWarning[];
  modelVersion: string | null;
  /** Facts kept in the audit row (`details`): no pixels, no embeddings. */
  details: Record<string, unknown>;
}

/**
 * The liveness rule: the primary face's passive score against the thresholds.
 * - at or above `threshold`: live, approved;
 * - in the uncertain band [attackBelow, threshold): not live, in_review, LOW_LIVENESS_SCORE;
 * - below `attackBelow`: not live, declined, LIVENESS_FACE_ATTACK;
 * - no face: not live, declined, NO_FACE_DETECTED;
 * - several faces: MULTIPLE_FACES_DETECTED, and a live result goes to in_review (someone may be
 *   holding up a photo beside their own face; only the primary face was scored).
 */
export function decideLiveness(analysis: FaceAnalysis, thresholds: LivenessThresholds): LivenessDecision {
  const details: Record<string, unknown> = {
    format: analysis.image.format,
    width: analysis.image.width,
    height: analysis.image.height,
    faces: analysis.faces.length,
    timings: analysis.timings,
  };
  const primary = analysis.primary;
  if (!primary?.liveness) {
    return { live: false, score: null, status: 'declined', warnings: ['NO_FACE_DETECTED'], modelVersion: null, details };
  }
  const { score, probabilities, modelVersion } = primary.liveness;
  details.primary = { box: primary.box, confidence: primary.confidence, sizePx: primary.sizePx };
  details.probabilities = probabilities;
  const warnings: LivenessWarning[] = [];
  const multiple = analysis.faces.length > 1;
  if (multiple) warnings.push('MULTIPLE_FACES_DETECTED');
  const verdict = judgeLiveness(score, thresholds);
  details.verdict = verdict;
  if (verdict === 'attack') {
    warnings.unshift('LIVENESS_FACE_ATTACK');
    return { live: false, score, status: 'declined', warnings, modelVersion, details };
  }
  if (verdict === 'uncertain') {
    warnings.unshift('LOW_LIVENESS_SCORE');
    return { live: false, score, status: 'in_review', warnings, modelVersion, details };
  }
  return { live: true, score, status: multiple ? 'in_review' : 'approved', warnings, modelVersion, details };
}
