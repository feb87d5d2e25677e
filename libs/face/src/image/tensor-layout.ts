/**
 * Interleaved RGB 0..255 (`width * height * 3`) to the planar CHW layout both RGB models take,
 * normalised as `(x - 127) / 128`. With `mirrored`, each row is written right-to-left, which is
 * the horizontally flipped image without a second resampling pass.
 */
export function toPlanarNormalised(pixels: Float32Array, width: number, height: number, mirrored = false): Float32Array {
  const planeSize = width * height;
  const planar = new Float32Array(planeSize * 3);
  for (let row = 0; row < height; row++) {
    for (let column = 0; column < width; column++) {
      const source = (row * width + column) * 3;
      const target = row * width + (mirrored ? width - 1 - column : column);
      planar[target] = (pixels[source] - 127) / 128;
      planar[planeSize + target] = (pixels[source + 1] - 127) / 128;
      planar[2 * planeSize + target] = (pixels[source + 2] - 127) / 128;
    }
  }
  return planar;
}

/** Interleaved RGB 0..255 to one grey plane (ITU-R BT.601 luma) divided by 256. */
export function toGreyPlane(pixels: Float32Array, width: number, height: number): Float32Array {
  const plane = new Float32Array(width * height);
  for (let i = 0; i < plane.length; i++) {
    const source = i * 3;
    plane[i] = (0.299 * pixels[source] + 0.587 * pixels[source + 1] + 0.114 * pixels[source + 2]) / 256;
  }
  return plane;
}
