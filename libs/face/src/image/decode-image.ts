import sharp from 'sharp';
import type { ImageFormat } from '../face.types';
import { sniffImageFormat } from './image-format';
import type { ImageView } from './image-view';
import { UnusableImageError } from './unusable-image.error';

export interface DecodeLimits {
  /** Longest side any decoded copy may have; larger images are shrunk while decoding. */
  maxSide: number;
  /** Smallest accepted shorter side, after EXIF orientation. */
  minSide: number;
  /** Largest accepted image, in megapixels (checked from the header, before any pixel is decoded). */
  maxMegapixels: number;
  /** Largest accepted encoded size in bytes. */
  maxBytes: number;
}

/** What the header says, once it passed every limit. Sizes are after EXIF orientation. */
export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

/** A rectangle in original (oriented) pixel coordinates. */
export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** EXIF orientations 5..8 rotate by 90 or 270 degrees, so width and height swap. */
const ORIENTATIONS_THAT_SWAP_SIDES = new Set([5, 6, 7, 8]);

/**
 * Sniffs the format and checks every limit from the header alone, so a hostile 30,000 x 30,000 PNG
 * is refused without allocating its pixels. Throws `UnusableImageError` with the reason.
 */
export async function readHeader(bytes: Uint8Array, limits: DecodeLimits): Promise<ImageHeader> {
  if (bytes.length === 0) throw new UnusableImageError('image is empty');
  if (bytes.length > limits.maxBytes) {
    throw new UnusableImageError(`image is ${bytes.length} bytes; the limit is ${limits.maxBytes}`);
  }
  const format = sniffImageFormat(bytes);
  if (!format) throw new UnusableImageError('not a JPEG, PNG, WebP or TIFF image');
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new UnusableImageError(`${format.toUpperCase()} header is unreadable (${describe(error)})`);
  }
  const { width: storedWidth, height: storedHeight, orientation } = metadata;
  if (!storedWidth || !storedHeight) throw new UnusableImageError('image has no dimensions');
  const swap = orientation !== undefined && ORIENTATIONS_THAT_SWAP_SIDES.has(orientation);
  const width = swap ? storedHeight : storedWidth;
  const height = swap ? storedWidth : storedHeight;
  const megapixels = (width * height) / 1_000_000;
  if (megapixels > limits.maxMegapixels) {
    throw new UnusableImageError(`image is ${width}x${height} (${megapixels.toFixed(1)} MP); the limit is ${limits.maxMegapixels} MP`);
  }
  if (Math.min(width, height) < limits.minSide) {
    throw new UnusableImageError(`image is ${width}x${height}; its shorter side must be at least ${limits.minSide} px`);
  }
  return { format, width, height };
}

/**
 * Decodes the image, EXIF-oriented, to 8-bit RGB with its longest side at most `longestSide`
 * (never enlarged), optionally only `region` of it. JPEG and WebP shrink while decoding
 * (libjpeg DCT scaling), which is what keeps a 12 MP selfie cheap. Throws `UnusableImageError`
 * for corrupt or truncated data.
 *
 * Embedded ICC profiles are ignored, as OpenCV (which the recogniser's training pipeline used)
 * ignores them: converting costs ~30% of the decode time and the colour shift of a wide-gamut
 * profile does not matter to the models.
 */
export async function decodeView(bytes: Uint8Array, header: ImageHeader, longestSide: number, region?: Region): Promise<ImageView> {
  const longest = Math.max(header.width, header.height);
  const shrinking = longestSide < longest;
  // The size sharp's proportional "inside" resize gives; a region is cut from that.
  const fullWidth = shrinking ? Math.max(1, Math.round((header.width * longestSide) / longest)) : header.width;
  const fullHeight = shrinking ? Math.max(1, Math.round((header.height * longestSide) / longest)) : header.height;
  const crop = region ? toViewRegion(region, header.width / fullWidth, header.height / fullHeight, fullWidth, fullHeight) : null;

  let pipeline = sharp(bytes, { failOn: 'truncated', limitInputPixels: false, ignoreIcc: true }).rotate();
  if (shrinking) {
    // Proportional ("inside") sizing: an exact width x height with a rounded aspect ratio would
    // disable JPEG shrink-on-load and triple the decode time.
    pipeline = pipeline.resize({ width: longestSide, height: longestSide, fit: 'inside', fastShrinkOnLoad: true });
  }
  if (crop) pipeline = pipeline.extract(crop);
  try {
    const { data, info } = await pipeline
      // Transparent pixels would otherwise come out as whatever colour they hide; white is neutral.
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const scaleX = crop ? header.width / fullWidth : header.width / info.width;
    const scaleY = crop ? header.height / fullHeight : header.height / info.height;
    return {
      data: toRgb(data, info.width, info.height, info.channels),
      width: info.width,
      height: info.height,
      scaleX,
      scaleY,
      offsetX: crop ? crop.left * scaleX : 0,
      offsetY: crop ? crop.top * scaleY : 0,
    };
  } catch (error) {
    throw new UnusableImageError(`image data is corrupt or truncated (${describe(error)})`);
  }
}

/**
 * The region in the pixels of the resized image, rounded outwards and kept one pixel inside the far
 * edges in case sharp rounds the resized size down where we rounded up.
 */
function toViewRegion(region: Region, scaleX: number, scaleY: number, width: number, height: number) {
  const left = Math.min(width - 2, Math.max(0, Math.floor(region.left / scaleX)));
  const top = Math.min(height - 2, Math.max(0, Math.floor(region.top / scaleY)));
  const right = Math.min(width - 1, Math.ceil((region.left + region.width) / scaleX));
  const bottom = Math.min(height - 1, Math.ceil((region.top + region.height) / scaleY));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/** Sharp gives 3 channels for almost everything; this covers the odd grey or RGBA result. */
function toRgb(data: Buffer, width: number, height: number, channels: number): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (channels === 3) return view;
  const pixels = width * height;
  const rgb = new Uint8Array(pixels * 3);
  const grey = channels < 3;
  for (let i = 0; i < pixels; i++) {
    const source = i * channels;
    rgb[i * 3] = view[source];
    rgb[i * 3 + 1] = grey ? view[source] : view[source + 1];
    rgb[i * 3 + 2] = grey ? view[source] : view[source + 2];
  }
  return rgb;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim() || 'unknown decoder error';
}
