/** An 8-bit interleaved RGB raster. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Maps an output pixel centre (u, v) to a source position:
 * `x = xu * u + xv * v + x0`, `y = yu * u + yv * v + y0` (pixel centres at integer coordinates,
 * the OpenCV convention the ArcFace template is defined in).
 */
export interface AffineMap {
  xu: number;
  xv: number;
  x0: number;
  yu: number;
  yv: number;
  y0: number;
}

/** More than 4x4 sub-samples per output pixel costs time and changes nothing visible. */
const MAX_SUBSAMPLES_PER_AXIS = 4;

/**
 * Samples `source` through `map` into an `outWidth x outHeight` interleaved RGB float raster
 * (0..255). When the map shrinks the source, each output pixel averages a grid of bilinear
 * sub-samples covering its footprint: plain bilinear sampling of a 500 px face into 112 px would
 * alias (skip pixels) and shift the embedding. Positions outside the source read as `fill`.
 * `footprintAveraging: false` gives plain bilinear sampling, for a model trained on crops made that
 * way (FaceRecognitionNet, see align/frnet-crop.ts).
 */
export function warpRgb(
  source: RgbImage,
  map: AffineMap,
  outWidth: number,
  outHeight: number,
  fill = 0,
  footprintAveraging = true,
): Float32Array {
  const out = new Float32Array(outWidth * outHeight * 3);
  const footprint = Math.sqrt(Math.abs(map.xu * map.yv - map.xv * map.yu));
  const n = !footprintAveraging ? 1 : Math.min(MAX_SUBSAMPLES_PER_AXIS, Math.max(1, Math.ceil(footprint - 0.05)));
  const weight = 1 / (n * n);
  const { data, width, height } = source;
  const lastX = width - 1;
  const lastY = height - 1;

  for (let v = 0; v < outHeight; v++) {
    for (let u = 0; u < outWidth; u++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sv = 0; sv < n; sv++) {
        const vv = v + (sv + 0.5) / n - 0.5;
        for (let su = 0; su < n; su++) {
          const uu = u + (su + 0.5) / n - 0.5;
          const x = map.xu * uu + map.xv * vv + map.x0;
          const y = map.yu * uu + map.yv * vv + map.y0;
          const left = Math.floor(x);
          const top = Math.floor(y);
          const fx = x - left;
          const fy = y - top;
          if (left >= 0 && top >= 0 && left < lastX && top < lastY) {
            // Fast path: all four neighbours inside the image.
            const i00 = (top * width + left) * 3;
            const i01 = i00 + 3;
            const i10 = i00 + width * 3;
            const i11 = i10 + 3;
            const w00 = (1 - fx) * (1 - fy);
            const w01 = fx * (1 - fy);
            const w10 = (1 - fx) * fy;
            const w11 = fx * fy;
            r += data[i00] * w00 + data[i01] * w01 + data[i10] * w10 + data[i11] * w11;
            g += data[i00 + 1] * w00 + data[i01 + 1] * w01 + data[i10 + 1] * w10 + data[i11 + 1] * w11;
            b += data[i00 + 2] * w00 + data[i01 + 2] * w01 + data[i10 + 2] * w10 + data[i11 + 2] * w11;
          } else {
            r += sampleAtBorder(source, left, top, fx, fy, 0, fill);
            g += sampleAtBorder(source, left, top, fx, fy, 1, fill);
            b += sampleAtBorder(source, left, top, fx, fy, 2, fill);
          }
        }
      }
      const o = (v * outWidth + u) * 3;
      out[o] = r * weight;
      out[o + 1] = g * weight;
      out[o + 2] = b * weight;
    }
  }
  return out;
}

/** Bilinear read near or beyond the border: neighbours outside the raster contribute `fill`. */
function sampleAtBorder(source: RgbImage, left: number, top: number, fx: number, fy: number, channel: number, fill: number): number {
  const topLeft = read(source, left, top, channel, fill);
  const topRight = read(source, left + 1, top, channel, fill);
  const bottomLeft = read(source, left, top + 1, channel, fill);
  const bottomRight = read(source, left + 1, top + 1, channel, fill);
  const upper = topLeft + (topRight - topLeft) * fx;
  const lower = bottomLeft + (bottomRight - bottomLeft) * fx;
  return upper + (lower - upper) * fy;
}

function read(source: RgbImage, x: number, y: number, channel: number, fill: number): number {
  if (x < 0 || y < 0 || x >= source.width || y >= source.height) return fill;
  return source.data[(y * source.width + x) * 3 + channel];
}

/** The map that fits `outWidth x outHeight` onto the source rectangle [left, top, width, height]. */
export function rectangleMap(left: number, top: number, width: number, height: number, outWidth: number, outHeight: number): AffineMap {
  // Output pixel u covers source [left + u*sx, left + (u+1)*sx); its centre is at left + (u+0.5)*sx - 0.5.
  const sx = width / outWidth;
  const sy = height / outHeight;
  return { xu: sx, xv: 0, x0: left + 0.5 * sx - 0.5, yu: 0, yv: sy, y0: top + 0.5 * sy - 0.5 };
}
