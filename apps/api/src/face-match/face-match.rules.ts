import { FaceAnalysis, FaceComparison, FaceTemplate, SameCaptureVerdict } from '@app/face';

export type FaceMatchStatus = 'approved' | 'declined' | 'in_review' | 'failed';

export type FaceMatchWarning =
  | 'LOW_FACE_MATCH_SIMILARITY'
  | 'NO_REFERENCE_IMAGE'
  | 'NO_FACE_DETECTED'
  | 'MULTIPLE_FACES_DETECTED'
  | 'LOW_FACE_QUALITY'
  | 'SELFIE_MATCHES_DOCUMENT_IMAGE';

export interface FaceMatchDecision {
  match: boolean;
  /** Calibrated 0..100 similarity; null when a face is missing on either side. */
  score: number | null;
  status: FaceMatchStatus;
  warnings: FaceMatchWarning[];
  /** Internal facts kept in the audit row (`details`): no pixels, no embeddings. */
  details: Record<string, unknown>;
}

function describe(analysis: FaceAnalysis) {
  return {
    format: analysis.image.format,
    width: analysis.image.width,
    height: analysis.image.height,
    faces: analysis.faces.length,
    primary: analysis.primary && {
      box: analysis.primary.box,
      confidence: analysis.primary.confidence,
      sizePx: analysis.primary.sizePx,
      quality: analysis.primary.quality,
    },
    timings: analysis.timings,
  };
}

/**
 * The face-match rule of the contract: `match = score >= threshold`; a missing face on either side
 * declines with a null score; several faces or a weak face only add warnings to the decision.
 */
export function decideFaceMatch(
  document: FaceAnalysis,
  selfie: FaceAnalysis,
  threshold: number,
  compare: (a: FaceTemplate, b: FaceTemplate) => FaceComparison,
): FaceMatchDecision {
  const warnings: FaceMatchWarning[] = [];
  if (!document.primary) warnings.push('NO_REFERENCE_IMAGE');
  if (!selfie.primary) warnings.push('NO_FACE_DETECTED');
  if (document.faces.length > 1 || selfie.faces.length > 1) warnings.push('MULTIPLE_FACES_DETECTED');
  if (document.primary?.quality.low || selfie.primary?.quality.low) warnings.push('LOW_FACE_QUALITY');

  const details: Record<string, unknown> = { document: describe(document), selfie: describe(selfie) };
  if (!document.primary || !selfie.primary) {
    return { match: false, score: null, status: 'declined', warnings, details };
  }

  const comparison = compare(document.primary.template, selfie.primary.template);
  details.embedders = comparison.embedders;
  details.fallback = comparison.fallback;
  details.similarity = comparison.similarity;
  details.cosines = comparison.cosines;
  const match = comparison.score >= threshold;
  if (!match) warnings.push('LOW_FACE_MATCH_SIMILARITY');
  return { match, score: comparison.score, status: match ? 'approved' : 'declined', warnings, details };
}

/**
 * Anti-replay: a selfie that is the document image itself, or a crop of it (isSameCapture), proves
 * nothing about the person in front of the camera, however high its score. It is not a match; it
 * goes to in_review with SELFIE_MATCHES_DOCUMENT_IMAGE (the score stays, for the reviewer).
 */
export function withSameCaptureCheck(decision: FaceMatchDecision, sameCapture: SameCaptureVerdict): FaceMatchDecision {
  const details = {
    ...decision.details,
    sameCapture: { reason: sameCapture.reason, hashDistance: sameCapture.hashDistance, cosine: sameCapture.cosine },
  };
  if (!sameCapture.same) return { ...decision, details };
  // A reason to decline (a face missing, a low score) wins over this reason to review.
  const status = decision.status === 'declined' ? 'declined' : 'in_review';
  return { ...decision, match: false, status, warnings: [...decision.warnings, 'SELFIE_MATCHES_DOCUMENT_IMAGE'], details };
}
