import type { Point } from '../face.types';
import type { RgbImage } from '../image/resample';

/** A located face, as every embedder receives it: the raster and its landmarks in its coordinates. */
export interface LocatedFace {
  image: RgbImage;
  /** The 68 iBUG points as [x0, y0, x1, y1, ...], continuous coordinates of `image`. */
  points68: Float64Array;
  /** The five ArcFace points derived from them. */
  points5: Point[];
}

/** One face recogniser with its own crop: a located face in, an L2-normalised embedding out. */
export interface Embedder {
  readonly modelVersion: string;
  embed(face: LocatedFace): Promise<Float32Array>;
}
