import type { RgbImage } from './resample';

/**
 * A raster together with where it sits in the original (oriented) image. Geometry inside the
 * pipeline uses continuous coordinates (pixel i covers [i, i+1)), so converting between the view and
 * the original is `original = offset + scale * view` on each axis.
 */
export interface ImageView extends RgbImage {
  scaleX: number;
  scaleY: number;
  offsetX: number;
  offsetY: number;
}

export function viewToOriginal(view: ImageView, x: number, y: number): [number, number] {
  return [view.offsetX + view.scaleX * x, view.offsetY + view.scaleY * y];
}

export function originalToView(view: ImageView, x: number, y: number): [number, number] {
  return [(x - view.offsetX) / view.scaleX, (y - view.offsetY) / view.scaleY];
}
