import type { Point } from '../face.types';

/** iBUG 68-point indices (0-based) of the features the ArcFace template uses. */
const RIGHT_EYE_OF_SUBJECT = [36, 37, 38, 39, 40, 41]; // left in the image
const LEFT_EYE_OF_SUBJECT = [42, 43, 44, 45, 46, 47]; // right in the image
const NOSE_TIP = 30;
const MOUTH_CORNER_IMAGE_LEFT = 48;
const MOUTH_CORNER_IMAGE_RIGHT = 54;

/**
 * Reduces 68 points ([x0, y0, x1, y1, ...]) to the five ArcFace points in template order:
 * image-left eye centre, image-right eye centre, nose tip, image-left and image-right mouth corner.
 * Eye centres are the mean of the six contour points, steadier than any single point.
 */
export function toFivePoints(points68: ArrayLike<number>): Point[] {
  if (points68.length !== 136) throw new Error(`expected 68 landmarks (136 values), got ${points68.length}`);
  const at = (index: number): Point => [points68[index * 2], points68[index * 2 + 1]];
  return [
    mean(RIGHT_EYE_OF_SUBJECT.map(at)),
    mean(LEFT_EYE_OF_SUBJECT.map(at)),
    at(NOSE_TIP),
    at(MOUTH_CORNER_IMAGE_LEFT),
    at(MOUTH_CORNER_IMAGE_RIGHT),
  ];
}

function mean(points: Point[]): Point {
  const sum = points.reduce<Point>((acc, [x, y]) => [acc[0] + x, acc[1] + y], [0, 0]);
  return [sum[0] / points.length, sum[1] / points.length];
}
