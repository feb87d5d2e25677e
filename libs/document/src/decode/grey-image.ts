import sharp from 'sharp';

/** One byte per pixel, row-major. */
export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Photos larger than this are refused before decoding (a phone photo is 12–50 MP; bounds memory). */
const MAX_INPUT_PIXELS = 60_000_000;

/** Decodes any image sharp reads, upright by its EXIF orientation, to grey, at most `maxSide` wide or high. */
export async function decodeGrey(bytes: Buffer, maxSide: number): Promise<GreyImage> {
  const { data, info } = await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS })
    .rotate()
    .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** Rotates clockwise by `degrees` around the centre, filling the corners with white (paper). */
export async function rotateGrey(image: GreyImage, degrees: number): Promise<GreyImage> {
  return transform(image, (pipeline) => pipeline.rotate(degrees, { background: { r: 255, g: 255, b: 255 } }));
}

/** Cuts the rectangle out, clamped to the image: a plain copy of rows, no libvips pipeline. */
export function cropGrey(image: GreyImage, box: Box): GreyImage {
  const { left, top, width, height } = clampBox(image, box);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const from = (top + y) * image.width + left;
    data.set(image.data.subarray(from, from + width), y * width);
  }
  return { width, height, data };
}

/**
 * Cuts the rectangle out, scales it by `factor` and turns it clockwise by `degrees`, in one libvips
 * pass (bicubic, white corners): one resampling instead of three pipelines (crop, upscale, deskew).
 */
export async function warpRegion(image: GreyImage, box: Box, factor: number, degrees: number): Promise<GreyImage> {
  const area = clampBox(image, box);
  if (factor === 1 && degrees === 0) return cropGrey(image, area);
  const radians = (degrees * Math.PI) / 180;
  const cos = factor * Math.cos(radians);
  const sin = factor * Math.sin(radians);
  return transform(image, (pipeline) =>
    pipeline.extract(area).affine(
      [
        [cos, -sin],
        [sin, cos],
      ],
      { background: { r: 255, g: 255, b: 255 }, interpolator: sharp.interpolators.bicubic },
    ),
  );
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** RGBA copy for zxing-wasm, which takes ImageData-like pixels. */
export function toRgba(image: GreyImage): { width: number; height: number; data: Uint8ClampedArray } {
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0, j = 0; i < image.data.length; i++, j += 4) {
    const value = image.data[i];
    rgba[j] = value;
    rgba[j + 1] = value;
    rgba[j + 2] = value;
    rgba[j + 3] = 255;
  }
  return { width: image.width, height: image.height, data: rgba };
}

async function transform(image: GreyImage, step: (pipeline: sharp.Sharp) => sharp.Sharp): Promise<GreyImage> {
  const input = sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: 1 },
  });
  const { data, info } = await step(input).greyscale().raw().toBuffer({ resolveWithObject: true });
  // Rotation adds channels on some paths; keep the first one.
  const channels = info.channels;
  const grey = channels === 1 ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : firstChannel(data, channels);
  return { width: info.width, height: info.height, data: grey };
}

function firstChannel(data: Buffer, channels: number): Uint8Array {
  const out = new Uint8Array(data.length / channels);
  for (let i = 0; i < out.length; i++) out[i] = data[i * channels];
  return out;
}

function clampBox(image: GreyImage, box: Box): Box {
  const left = clamp(Math.round(box.left), 0, image.width - 1);
  const top = clamp(Math.round(box.top), 0, image.height - 1);
  const width = clamp(Math.round(box.width), 1, image.width - left);
  const height = clamp(Math.round(box.height), 1, image.height - top);
  return { left, top, width, height };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
