import { performance } from 'node:perf_hooks';
import { estimateBarAngle, findBarcodeRegion } from './barcode-region';
import { decodeGrey, GreyImage, rotateGrey, toRgba, warpRegion } from './grey-image';
import { readPdf417Text } from './zxing-reader';

/** How the barcode was finally read: which attempt succeeded, and how many were made. */
export interface BarcodeRead {
  text: string;
  attempt: string;
  attempts: number;
}

/** Where one read spends its time (benchmarks); `step` is `decode`, `region` or an attempt's name. */
export type ReadStepTimer = (step: string, ms: number) => void;

/** Largest side the photo is decoded at: enough for a card-sized barcode, bounded in memory. */
const MAX_SIDE = 2400;
/** A crop narrower than this is upscaled: readers need about 2 px per module. */
const MIN_CROP_WIDTH = 900;
/** Readers fail beyond about ±4° of skew: a photo measured more tilted than this skips the as-is attempt. */
const MAX_READABLE_SKEW = 4;
/** Fixed deskew steps when the measured angle did not help. */
const DESKEW_STEPS = [-4, 4, -8, 8, -10, 10];

/**
 * Reads the PDF417 of a photo of a card, stopping at the first text. The common case costs one
 * decode, one cheap scan for the barcode region and one reader attempt: the region cut out and
 * deskewed by its measured bar angle, in a single resampling, at the photo's scale. Only when that
 * fails: the same upscaled (small barcodes), the whole image as it is (unless it is measured too
 * tilted for any reader), the crop without deskew and in fixed deskew steps, and last the whole
 * image at every quarter turn. Null when nothing reads.
 */
export async function readDniBarcode(bytes: Buffer, timer?: ReadStepTimer): Promise<BarcodeRead | null> {
  const time = async <T>(step: string, work: () => Promise<T> | T): Promise<T> => {
    if (!timer) return work();
    const started = performance.now();
    try {
      return await work();
    } finally {
      timer(step, performance.now() - started);
    }
  };
  let attempts = 0;
  const attempt = async (name: string, pixels: () => Promise<GreyImage> | GreyImage, tryRotate = true): Promise<BarcodeRead | null> => {
    attempts++;
    const text = await time(name, async () => readPdf417Text(toRgba(await pixels()), { tryRotate }));
    return text === null ? null : { text, attempt: name, attempts };
  };

  const image = await time('decode', () => decodeGrey(bytes, MAX_SIDE));
  const found = await time('region', () => {
    const region = findBarcodeRegion(image);
    return region ? { region, angle: estimateBarAngle(image, region) } : null;
  });
  if (!found) return (await attempt('as-is', () => image, false)) ?? (await attempt('turned', () => image));

  const { region, angle } = found;
  const straighten = Math.abs(angle) > 1 ? -angle : 0;
  const name = straighten ? 'crop-deskew-estimated' : 'crop';
  const longest = Math.max(region.width, region.height);
  const factor = longest < MIN_CROP_WIDTH ? Math.min(3, MIN_CROP_WIDTH / longest) : 1;
  // The crop at the reading scale, not deskewed, is resampled once: when the bars already stand
  // upright it is also what the attempt below reads, and the fixed deskew steps start from it.
  let upright: Promise<GreyImage> | undefined;
  const warp = (scale: number, degrees: number): Promise<GreyImage> =>
    scale === factor && degrees === 0 ? (upright ??= warpRegion(image, region, factor, 0)) : warpRegion(image, region, scale, degrees);
  // At the photo's own scale first: resampling up costs more than it helps when modules are ≥ 2 px.
  const first = await attempt(name, () => warp(1, straighten));
  if (first) return first;
  if (factor > 1) {
    const upscaled = await attempt(`${name}-upscaled`, () => warp(factor, straighten));
    if (upscaled) return upscaled;
  }

  // Bars measured within a few degrees of a quarter turn: the whole photo may still read.
  const offQuarter = Math.min(Math.abs(angle), 90 - Math.abs(angle));
  const wholeTried = offQuarter <= MAX_READABLE_SKEW;
  if (wholeTried) {
    const whole = await attempt(Math.abs(angle) > 45 ? 'turned' : 'as-is', () => image, Math.abs(angle) > 45);
    if (whole) return whole;
  }
  const crop = await warp(factor, 0);
  if (straighten) {
    const plain = await attempt('crop', () => crop);
    if (plain) return plain;
  }
  for (const step of DESKEW_STEPS) {
    const stepped = await attempt(`crop-deskew-${step}`, () => rotateGrey(crop, step));
    if (stepped) return stepped;
  }
  // The region may have been something else (a pattern, a second code): the whole photo, any quarter turn.
  return wholeTried ? null : attempt('turned', () => image);
}
