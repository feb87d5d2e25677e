import type { Point } from '../face.types';
import type { AffineMap, RgbImage } from '../image/resample';
import { warpRgb } from '../image/resample';
import { estimateSimilarity, invertSimilarity, type Similarity } from './similarity-transform';

export const ALIGNED_FACE_SIDE = 112;

/**
 * The standard ArcFace 112x112 template (insightface): image-left eye, image-right eye, nose tip,
 * image-left and image-right mouth corner, in pixel-index coordinates (pixel centres at integers).
 */
export const ARCFACE_TEMPLATE: readonly Point[] = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

/** The template in the continuous coordinates the pipeline uses (pixel i covers [i, i+1)). */
const TEMPLATE_CONTINUOUS: readonly Point[] = ARCFACE_TEMPLATE.map(([x, y]) => [x + 0.5, y + 0.5]);

/** The similarity taking the five landmarks (continuous image coordinates) onto the template. */
export function alignmentTransform(landmarks5: readonly Point[]): Similarity {
  return estimateSimilarity(landmarks5, TEMPLATE_CONTINUOUS);
}

/**
 * Warps the face onto the 112x112 template: for every crop pixel, sample the image where the inverse
 * transform lands. Returns interleaved RGB floats 0..255.
 */
export function alignFace(image: RgbImage, landmarks5: readonly Point[]): Float32Array {
  const inverse = invertSimilarity(alignmentTransform(landmarks5));
  return warpRgb(image, cropToImageMap(inverse), ALIGNED_FACE_SIDE, ALIGNED_FACE_SIDE);
}

/**
 * Turns the continuous crop→image similarity into the integer-centre map `warpRgb` walks:
 * crop pixel u has its centre at u + 0.5, and image position x is sampled at x - 0.5.
 */
function cropToImageMap(t: Similarity): AffineMap {
  return {
    xu: t.a,
    xv: -t.b,
    x0: 0.5 * t.a - 0.5 * t.b + t.tx - 0.5,
    yu: t.b,
    yv: t.a,
    y0: 0.5 * t.b + 0.5 * t.a + t.ty - 0.5,
  };
}
