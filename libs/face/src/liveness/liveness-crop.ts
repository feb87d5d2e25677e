/** The passive liveness model's input side: a 128x128 crop (fr_liveness.onnx, input [1, 3, 128, 128]). */
export const LIVENESS_INPUT_SIDE = 128;

/**
 * How much of the surroundings the model sees: the face box enlarged 2.7x about its centre, as the
 * package's own code crops (lib/fr_liveness.js, alignLivenessImage(img, box, 2.7)). The border,
 * the hands and a screen's or a paper's edge around the face are what the model judges.
 */
export const LIVENESS_CROP_SCALE = 2.7;

/** A whole-pixel rectangle of the original image. */
export interface PixelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A face box in original-image pixels, corners as the detector reports them. */
export interface BoxCorners {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * The crop the liveness model was trained on, exactly as the reference computes it: the detector's
 * corners truncated to whole pixels; the box enlarged `scale` times about its centre, the scale
 * lowered when the enlarged box would not fit the image; the rectangle shifted (not shrunk) back
 * inside the image when it sticks out; its corner and size truncated again. Keeping this arithmetic
 * (including the `- 1`s) keeps the model's view of the face where its training put it.
 */
export function livenessCropRect(box: BoxCorners, imageWidth: number, imageHeight: number, scale = LIVENESS_CROP_SCALE): PixelRect {
  const x1 = Math.trunc(box.x1);
  const y1 = Math.trunc(box.y1);
  const boxWidth = Math.abs(Math.trunc(box.x2) - x1);
  const boxHeight = Math.abs(Math.trunc(box.y2) - y1);
  if (boxWidth === 0 || boxHeight === 0) throw new Error('the face box is empty');
  const lastX = imageWidth - 1;
  const lastY = imageHeight - 1;
  const fitted = Math.min(lastY / boxHeight, lastX / boxWidth, scale);
  const width = boxWidth * fitted;
  const height = boxHeight * fitted;
  const centreX = x1 + boxWidth / 2;
  const centreY = y1 + boxHeight / 2;
  let left = centreX - width / 2;
  let top = centreY - height / 2;
  let right = centreX + width / 2;
  let bottom = centreY + height / 2;
  if (left < 0) {
    right -= left;
    left = 0;
  }
  if (top < 0) {
    bottom -= top;
    top = 0;
  }
  if (right > lastX) {
    left -= right - lastX;
    right = lastX;
  }
  if (bottom > lastY) {
    top -= bottom - lastY;
    bottom = lastY;
  }
  return {
    left: Math.max(Math.trunc(left), 0),
    top: Math.max(Math.trunc(top), 0),
    width: Math.min(Math.trunc(right - left), lastX),
    height: Math.min(Math.trunc(bottom - top), lastY),
  };
}
