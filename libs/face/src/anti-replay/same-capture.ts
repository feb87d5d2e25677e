import { cosineSimilarity } from '../embed/vector-math';
import type { FaceAnalysis } from '../face.types';
import { hammingDistance } from './perceptual-hash';

/**
 * When two faces are "the same capture" (one image, or a crop, rescale or re-encode of it) rather
 * than two photos of one person. Both must hold:
 * - the dHash of the two aligned faces differs in at most `maxHashDistance` of 64 bits;
 * - every embedding both templates have has a cosine of at least `minCosine`.
 *
 * Measured with `npm run bench:anti-replay` (default engine, fr + frnet; 2026-12-02) on the 61
 * single-face deepface photos and the 6 test photos (67 with a face, 2211 pairs of different
 * photos): the highest cosine of two different photos was 0.898 (img36 ~ img37, one person), and
 * their dHash distance never fell below 6; none was judged the same capture. Copies of the 59
 * single-face photos: JPEG re-encode cosine >= 0.988 (dHash <= 2), a crop around the face >= 0.962
 * (dHash <= 8), the portrait cut out of the ID-document stand-in and enlarged 2x >= 0.931 (dHash
 * <= 11; 1 of 59 below 0.95, missed). So 0.95 sits 0.05 above every pair of different photos, and
 * the hash bound only confirms (hashes of two photos of one face can be close).
 */
export const SAME_CAPTURE_BOUNDS = { maxHashDistance: 12, minCosine: 0.95 } as const;

/** One side of the comparison: the image as sent and its analysis. */
export interface Capture {
  bytes: Uint8Array;
  analysis: FaceAnalysis;
}

export interface SameCaptureVerdict {
  same: boolean;
  /** Why: the very same bytes, or a near-identical face region. Null when not the same. */
  reason: 'same-bytes' | 'same-face-region' | null;
  /** dHash distance of the aligned faces (null when a face is missing). */
  hashDistance: number | null;
  /** The lowest cosine over the embedders both have (null when a face is missing). */
  cosine: number | null;
}

/**
 * Is `selfie` the `document` image, or a crop of it? Pure: the caller has both analyses already.
 * A photo of the person is never this close to another photo of them; a copy always is.
 */
export function isSameCapture(document: Capture, selfie: Capture, bounds = SAME_CAPTURE_BOUNDS): SameCaptureVerdict {
  if (Buffer.from(document.bytes).equals(Buffer.from(selfie.bytes))) {
    return { same: true, reason: 'same-bytes', hashDistance: 0, cosine: 1 };
  }
  const a = document.analysis.primary;
  const b = selfie.analysis.primary;
  if (!a || !b) return { same: false, reason: null, hashDistance: null, cosine: null };
  const hashDistance = hammingDistance(a.faceHash, b.faceHash);
  const cosine = lowestSharedCosine(a.template.embeddings, b.template.embeddings);
  const same = cosine !== null && hashDistance <= bounds.maxHashDistance && cosine >= bounds.minCosine;
  return { same, reason: same ? 'same-face-region' : null, hashDistance, cosine: cosine === null ? null : Math.round(cosine * 1e4) / 1e4 };
}

function lowestSharedCosine(
  a: ReadonlyArray<{ modelVersion: string; vector: number[] }>,
  b: ReadonlyArray<{ modelVersion: string; vector: number[] }>,
): number | null {
  let lowest: number | null = null;
  for (const x of a) {
    const y = b.find((candidate) => candidate.modelVersion === x.modelVersion);
    if (!y) continue;
    const cosine = cosineSimilarity(x.vector, y.vector);
    lowest = lowest === null ? cosine : Math.min(lowest, cosine);
  }
  return lowest;
}
