import { FaceAnalysis, FaceComparison, FaceTemplate } from '@app/face';
import { decideFaceMatch, FaceMatchWarning } from '../../face-match/face-match.rules';
import type { DniCardWarning } from '../../id-verification/dni-card.rules';
import { DOCUMENT_REVIEW_WARNINGS, OMITTABLE_DOCUMENT_WARNINGS } from './session-document.rules';

export type SessionStatus = 'approved' | 'rejected' | 'in_review';

export type LivenessWarning =
  | 'LIVENESS_FACE_ATTACK'
  | 'LOW_LIVENESS_SCORE'
  | 'LIVENESS_CHALLENGE_FAILED'
  | 'SELFIE_NOT_LIVE_CAPTURED'
  | 'SELFIE_MATCHES_DOCUMENT_IMAGE'
  | 'SELFIE_REPLAYED';

export type SessionWarning = FaceMatchWarning | LivenessWarning | DniCardWarning;

/** Warnings that alone never reject a matching pair but ask a person to look (unless omitted). */
export const REVIEW_WARNINGS: readonly FaceMatchWarning[] = ['MULTIPLE_FACES_DETECTED', 'LOW_FACE_QUALITY'];

/** Liveness warnings that reject the session, and those that send it to review; `omitWarnings` never silences them. */
export const LIVENESS_REJECT_WARNINGS: readonly LivenessWarning[] = [
  'SELFIE_MATCHES_DOCUMENT_IMAGE',
  'LIVENESS_FACE_ATTACK',
  'LIVENESS_CHALLENGE_FAILED',
];
export const LIVENESS_REVIEW_WARNINGS: readonly LivenessWarning[] = ['LOW_LIVENESS_SCORE', 'SELFIE_NOT_LIVE_CAPTURED', 'SELFIE_REPLAYED'];

/** How the selfie was obtained and what the presence checks found (stored as `decision.liveness`). */
export interface SessionLiveness {
  /** `challenge`: live frames with the active challenge; `upload`: an uploaded photo (the fallback). */
  method: 'challenge' | 'upload';
  /** The passive model's liveness 0..100 (median over the frames); null when it did not run. */
  score: number | null;
  /** The passive model's reading of `score`; null when it did not run. */
  passive: 'live' | 'uncertain' | 'attack' | null;
  /** The active challenge: its steps, whether it passed, why not, and the attempts used. Null for an upload. */
  challenge: { steps: string[]; passed: boolean; failures: string[]; attempts: number } | null;
  /** Frames received (1 for an upload). */
  frames: number;
  /** The selfie or a frame is the document image, or a crop of it. */
  matchesDocumentImage: boolean;
  /** A frame was already seen in another session of the organization. */
  replayed: boolean;
}

/** The liveness warnings a presence result raises. */
export function livenessWarnings(liveness: SessionLiveness): LivenessWarning[] {
  const warnings: LivenessWarning[] = [];
  if (liveness.matchesDocumentImage) warnings.push('SELFIE_MATCHES_DOCUMENT_IMAGE');
  if (liveness.passive === 'attack') warnings.push('LIVENESS_FACE_ATTACK');
  if (liveness.challenge && !liveness.challenge.passed) warnings.push('LIVENESS_CHALLENGE_FAILED');
  if (liveness.passive === 'uncertain') warnings.push('LOW_LIVENESS_SCORE');
  if (liveness.method === 'upload') warnings.push('SELFIE_NOT_LIVE_CAPTURED');
  if (liveness.replayed) warnings.push('SELFIE_REPLAYED');
  return warnings;
}

export interface SessionOutcome {
  status: SessionStatus;
  /** Why, in one sentence a compliance officer can read in the decision. */
  reason: string;
  score: number | null;
  match: boolean;
  /** Every warning raised, minus the validation's `omitWarnings` (liveness warnings are never omitted). */
  warnings: SessionWarning[];
  /** Raised but left out because the validation asked to omit them. */
  omittedWarnings: SessionWarning[];
  embedders: string[];
  fallback: boolean;
}

/**
 * The session decision, on top of the face-match rule (`decideFaceMatch`) and the presence checks:
 * 1. no face in the document (NO_REFERENCE_IMAGE) or in the selfie (NO_FACE_DETECTED) → rejected;
 * 2. the selfie is the document image or a crop of it (SELFIE_MATCHES_DOCUMENT_IMAGE), the passive
 *    model sees an attack (LIVENESS_FACE_ATTACK) or the last challenge failed
 *    (LIVENESS_CHALLENGE_FAILED) → rejected;
 * 3. a score below the organization's threshold (LOW_FACE_MATCH_SIMILARITY) → rejected;
 * 4. a match with several faces or a weak face in either image, an uncertain passive score
 *    (LOW_LIVENESS_SCORE), an uploaded selfie (SELFIE_NOT_LIVE_CAPTURED), a frame seen in another
 *    session (SELFIE_REPLAYED), or a DNI card that contradicts the entity (DATA_INCONSISTENT) or has
 *    expired (DOCUMENT_EXPIRED, from `cardWarnings`) → in_review;
 * 5. a clean match → approved.
 * A reason to reject wins over a reason to review. `omitWarnings` removes face-match codes and
 * DOCUMENT_EXPIRED from `warnings` and stops an omitted review warning from sending the session to
 * review; it never turns a missing face or a non-match into an approval, and never applies to the
 * liveness warnings or DATA_INCONSISTENT. Of the card's warnings (all kept in
 * `decision.document.warnings`) only DOCUMENT_REVIEW_WARNINGS join `warnings`: they are the ones
 * that change the status.
 */
export function decideSession(
  document: FaceAnalysis,
  selfie: FaceAnalysis,
  threshold: number,
  omitWarnings: readonly string[],
  compare: (a: FaceTemplate, b: FaceTemplate) => FaceComparison,
  liveness: SessionLiveness,
  cardWarnings: readonly DniCardWarning[] = [],
): SessionOutcome {
  const faceMatch = decideFaceMatch(document, selfie, threshold, compare);
  const omitted = new Set(omitWarnings);
  const presence = livenessWarnings(liveness);
  const cardOmittable = (code: DniCardWarning) => omitted.has(code) && OMITTABLE_DOCUMENT_WARNINGS.includes(code);
  const cardReview = cardWarnings.filter((code) => DOCUMENT_REVIEW_WARNINGS.includes(code));
  const card = cardReview.filter((code) => !cardOmittable(code));
  const warnings: SessionWarning[] = [...faceMatch.warnings.filter((code) => !omitted.has(code)), ...presence, ...card];
  const omittedWarnings: SessionWarning[] = [
    ...faceMatch.warnings.filter((code) => omitted.has(code)),
    ...cardReview.filter(cardOmittable),
  ];
  const base = {
    score: faceMatch.score,
    match: faceMatch.match,
    warnings,
    omittedWarnings,
    embedders: (faceMatch.details.embedders as string[] | undefined) ?? [],
    fallback: (faceMatch.details.fallback as boolean | undefined) ?? false,
  };
  if (!document.primary || !selfie.primary) {
    const missing = [!document.primary && 'the document', !selfie.primary && 'the selfie'].filter(Boolean).join(' and ');
    return { ...base, status: 'rejected', reason: `No face was found in ${missing}` };
  }
  const presenceRejects = presence.filter((code) => LIVENESS_REJECT_WARNINGS.includes(code));
  if (presenceRejects.length > 0) {
    return { ...base, status: 'rejected', reason: `The selfie is not a live capture of a person (${presenceRejects.join(', ')})` };
  }
  if (!faceMatch.match) {
    return { ...base, status: 'rejected', reason: `The faces do not match (score ${faceMatch.score} below the threshold ${threshold})` };
  }
  const review = warnings.filter(
    (code) =>
      (REVIEW_WARNINGS as readonly string[]).includes(code) ||
      (LIVENESS_REVIEW_WARNINGS as readonly string[]).includes(code) ||
      (card as readonly string[]).includes(code),
  );
  if (review.length > 0) {
    return { ...base, status: 'in_review', reason: `The faces match but need a person's review (${review.join(', ')})` };
  }
  return { ...base, status: 'approved', reason: `The faces match (score ${faceMatch.score}, threshold ${threshold})` };
}

/** The upload fallback: one photo, no challenge, no passive model (checked for the document image and replays). */
export function uploadedSelfie(matchesDocumentImage: boolean, replayed: boolean): SessionLiveness {
  return { method: 'upload', score: null, passive: null, challenge: null, frames: 1, matchesDocumentImage, replayed };
}

/** What the decision keeps of one image's analysis: counts, the primary face's box and quality; no embeddings. */
export function describeStep(analysis: FaceAnalysis) {
  return {
    faceDetected: analysis.primary !== null,
    faces: analysis.faces.length,
    format: analysis.image.format,
    width: analysis.image.width,
    height: analysis.image.height,
    primary: analysis.primary && {
      box: analysis.primary.box,
      confidence: analysis.primary.confidence,
      sizePx: analysis.primary.sizePx,
      quality: analysis.primary.quality,
    },
  };
}
