import type { Point } from '../face.types';
import type { RgbImage } from '../image/resample';
import { ALIGNED_FACE_SIDE, alignFace, alignmentTransform, ARCFACE_TEMPLATE } from './align-face';
import { applySimilarity, similarityScale } from './similarity-transform';

/** Continuous coordinates of the template (what the pipeline's landmarks are expressed in). */
const TEMPLATE: Point[] = ARCFACE_TEMPLATE.map(([x, y]) => [x + 0.5, y + 0.5]);

/** A black image with a 5x5 white square centred on each point. */
function dotsAt(points: Point[], width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (const [px, py] of points) {
    for (let y = Math.floor(py) - 2; y <= Math.floor(py) + 2; y++) {
      for (let x = Math.floor(px) - 2; x <= Math.floor(px) + 2; x++) data.fill(255, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return { data, width, height };
}

function brightness(crop: Float32Array, [x, y]: Point): number {
  const i = (Math.floor(y) * ALIGNED_FACE_SIDE + Math.floor(x)) * 3;
  return crop[i];
}

describe('alignFace', () => {
  it('maps landmarks that already sit on the template with the identity', () => {
    const t = alignmentTransform(TEMPLATE);
    expect(t.a).toBeCloseTo(1, 9);
    expect(t.b).toBeCloseTo(0, 9);
    expect(t.tx).toBeCloseTo(0, 6);
    expect(t.ty).toBeCloseTo(0, 6);
  });

  it('brings a rotated, scaled and shifted face back onto the template', () => {
    // The face in the photo: the template turned 25 degrees, 2.2x larger, moved to (300, 180).
    const radians = (25 * Math.PI) / 180;
    const placement = { a: 2.2 * Math.cos(radians), b: 2.2 * Math.sin(radians), tx: 300, ty: 180 };
    const landmarks = TEMPLATE.map((p) => applySimilarity(placement, p));
    const photo = dotsAt(landmarks, 640, 640);

    const transform = alignmentTransform(landmarks);
    expect(similarityScale(transform)).toBeCloseTo(1 / 2.2, 6);
    const crop = alignFace(photo, landmarks);
    expect(crop).toHaveLength(ALIGNED_FACE_SIDE * ALIGNED_FACE_SIDE * 3);
    for (const point of TEMPLATE) expect(brightness(crop, point)).toBeGreaterThan(200);
    // Between the eyes there is nothing.
    expect(brightness(crop, [56, 51])).toBeLessThan(20);
  });
});
