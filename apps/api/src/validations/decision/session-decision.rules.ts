import { FaceAnalysis, FaceComparison, FaceTemplate } from '@app/face';
import { decideFaceMatch, FaceMatchWarning } from '../../face-match/face-match.rules';

export type SessionStatus = 'approved' | 'rejected' | 'in_review';

/** Warnings that alone never reject a matching pair but ask a person to look (unless omitted). */
export const REVIEW_WARNINGS: readonly FaceMatchWarning[] = ['MULTIPLE_FACES_DETECTED', 'LOW_FACE_QUALITY'];

export interface SessionOutcome {
  status: SessionStatus;
  /** Why, in one sentence a compliance officer can read in the decision. */
  reason: string;
  score: number | null;
  match: boolean;
  /** Every warning raised, minus the validation's `omitWarnings`. */
  warnings: FaceMatchWarning[];
  /** Raised but left out because the validation asked to omit them. */
  omittedWarnings: FaceMatchWarning[];
  embedders: string[];
  fallback: boolean;
}

/**
 * The session decision, on top of the face-match rule (`decideFaceMatch`):
 * 1. no face in the document (NO_REFERENCE_IMAGE) or in the selfie (NO_FACE_DETECTED) → rejected;
 * 2. a score below the organization's threshold (LOW_FACE_MATCH_SIMILARITY) → rejected;
 * 3. a match with several faces or a weak face in either image → in_review;
 * 4. a clean match → approved.
 * `omitWarnings` removes codes from `warnings` and stops an omitted review warning from sending the
 * session to review; it never turns a missing face or a non-match into an approval.
 */
export function decideSession(
  document: FaceAnalysis,
  selfie: FaceAnalysis,
  threshold: number,
  omitWarnings: readonly string[],
  compare: (a: FaceTemplate, b: FaceTemplate) => FaceComparison,
): SessionOutcome {
  const faceMatch = decideFaceMatch(document, selfie, threshold, compare);
  const omitted = new Set(omitWarnings);
  const warnings = faceMatch.warnings.filter((code) => !omitted.has(code));
  const omittedWarnings = faceMatch.warnings.filter((code) => omitted.has(code));
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
  if (!faceMatch.match) {
    return { ...base, status: 'rejected', reason: `The faces do not match (score ${faceMatch.score} below the threshold ${threshold})` };
  }
  const review = warnings.filter((code) => REVIEW_WARNINGS.includes(code));
  if (review.length > 0) {
    return { ...base, status: 'in_review', reason: `The faces match but need a person's review (${review.join(', ')})` };
  }
  return { ...base, status: 'approved', reason: `The faces match (score ${faceMatch.score}, threshold ${threshold})` };
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
