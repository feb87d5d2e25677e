import { FaceAnalysis, FaceComparison, FaceTemplate } from '@app/face';
import { KycValidationStatus } from '@app/audit';
import { FaceMatchWarning } from '../face-match/face-match.rules';
import { LivenessDecision, LivenessWarning } from '../liveness/liveness.rules';

/** An enrolled template, opened, with its validation. */
export interface EnrolledFace {
  kycValidationId: string;
  sessionId: string;
  status: KycValidationStatus;
  template: FaceTemplate;
}

export interface FaceSearchOutcome {
  match: boolean;
  status: 'approved' | 'declined';
  /** Matching templates of validations in any status. */
  totalMatches: number;
  /** Matching templates of approved validations. */
  approvedMatchesCount: number;
  /** The session ids of the approved validations that matched. */
  approvedSessionIds: string[];
  /** The approved validations that matched. */
  matchedKycValidationIds: string[];
  warnings: Array<FaceMatchWarning | LivenessWarning>;
  /** The best score of all comparisons (audit only); null when nothing was compared. */
  bestScore: number | null;
  compared: number;
}

/**
 * The Biometric Check rule: the probe's primary face against every enrolled template of the
 * entity; a template matches at `score >= threshold`; the check matches when an approved
 * validation's template does. Warnings: NO_FACE_DETECTED (no face in the probe),
 * NO_REFERENCE_IMAGE (the entity has no biometric data), MULTIPLE_FACES_DETECTED,
 * LOW_FACE_QUALITY, LOW_FACE_MATCH_SIMILARITY (templates compared, none matched).
 * `compare` returns null for a template that cannot be compared (another engine's models).
 */
export function searchEnrolled(
  probe: FaceAnalysis,
  enrolled: readonly EnrolledFace[],
  threshold: number,
  compare: (stored: FaceTemplate, probe: FaceTemplate) => FaceComparison | null,
): FaceSearchOutcome {
  const warnings: FaceSearchOutcome['warnings'] = [];
  if (!probe.primary) warnings.push('NO_FACE_DETECTED');
  if (enrolled.length === 0) warnings.push('NO_REFERENCE_IMAGE');
  if (probe.faces.length > 1) warnings.push('MULTIPLE_FACES_DETECTED');
  if (probe.primary?.quality.low) warnings.push('LOW_FACE_QUALITY');

  const matched: EnrolledFace[] = [];
  let bestScore: number | null = null;
  let compared = 0;
  if (probe.primary) {
    for (const face of enrolled) {
      const comparison = compare(face.template, probe.primary.template);
      if (!comparison) continue;
      compared++;
      if (bestScore === null || comparison.score > bestScore) bestScore = comparison.score;
      if (comparison.score >= threshold) matched.push(face);
    }
  }
  if (compared > 0 && matched.length === 0) warnings.push('LOW_FACE_MATCH_SIMILARITY');
  const approved = matched.filter((face) => face.status === 'approved');
  const match = approved.length > 0;
  return {
    match,
    status: match ? 'approved' : 'declined',
    totalMatches: matched.length,
    approvedMatchesCount: approved.length,
    approvedSessionIds: unique(approved.map((face) => face.sessionId)),
    matchedKycValidationIds: unique(approved.map((face) => face.kycValidationId)),
    warnings,
    bestScore,
    compared,
  };
}

/**
 * `checkLiveness`: a face the passive model judges an attack (LIVENESS_FACE_ATTACK) or uncertain
 * (LOW_LIVENESS_SCORE) does not match, whatever it resembles: a re-verification at login has no
 * reviewer to send it to. The comparison counts stay for the audit row.
 */
export function withLiveness(outcome: FaceSearchOutcome, liveness: LivenessDecision | null): FaceSearchOutcome {
  const warning = liveness?.warnings.find((w) => w === 'LIVENESS_FACE_ATTACK' || w === 'LOW_LIVENESS_SCORE');
  if (!warning) return outcome;
  return {
    ...outcome,
    match: false,
    status: 'declined',
    approvedSessionIds: [],
    matchedKycValidationIds: [],
    warnings: [...outcome.warnings, warning],
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
