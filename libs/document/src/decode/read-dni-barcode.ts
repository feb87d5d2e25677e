import { findBarcodeRegion, estimateBarAngle } from './barcode-region';
import { cropGrey, decodeGrey, GreyImage, rotateGrey, scaleGrey, toRgba } from './grey-image';
import { readPdf417Text } from './zxing-reader';

/** How the barcode was finally read: which attempt succeeded, and how many were made. */
export interface BarcodeRead {
  text: string;
  attempt: string;
  attempts: number;
}

/** Largest side the photo is decoded at: enough for a card-sized barcode, bounded in memory. */
const MAX_SIDE = 2400;
/** A crop narrower than this is upscaled: readers need about 2 px per module. */
const MIN_CROP_WIDTH = 900;
/** Fixed deskew steps when the estimated angle did not help: readers fail beyond about ±4°. */
const DESKEW_STEPS = [-4, 4, -8, 8, -10, 10];

/**
 * Reads the PDF417 of a photo of a card, trying cheap things first and stopping at the first text:
 * the image as it is; the barcode region cropped (and upscaled when small) and deskewed by its
 * measured bar angle; the crop as it is, at 0/90/180/270°; the crop deskewed in fixed steps; then
 * the whole image turned 90/180/270°. Null when nothing reads.
 */
export async function readDniBarcode(bytes: Buffer): Promise<BarcodeRead | null> {
  const image = await decodeGrey(bytes, MAX_SIDE);
  let attempts = 0;
  const attempt = async (name: string, pixels: GreyImage, rotate = false): Promise<BarcodeRead | null> => {
    attempts++;
    const text = await readPdf417Text(toRgba(pixels), { tryRotate: rotate });
    return text === null ? null : { text, attempt: name, attempts };
  };

  const asIs = await attempt('as-is', image);
  if (asIs) return asIs;

  const region = findBarcodeRegion(image);
  if (region) {
    let crop = await cropGrey(image, region);
    if (crop.width < MIN_CROP_WIDTH && crop.height < MIN_CROP_WIDTH) {
      crop = await scaleGrey(crop, Math.min(3, MIN_CROP_WIDTH / Math.max(crop.width, crop.height)));
    }
    // Deskewing by the measured bar angle reads most tilted photos in one more attempt.
    const angle = estimateBarAngle(crop);
    if (Math.abs(angle) > 1) {
      const deskewed = await attempt('crop-deskew-estimated', await rotateGrey(crop, -angle), true);
      if (deskewed) return deskewed;
    }
    const cropped = await attempt('crop', crop, true);
    if (cropped) return cropped;
    for (const step of DESKEW_STEPS) {
      const stepped = await attempt(`crop-deskew-${step}`, await rotateGrey(crop, step), true);
      if (stepped) return stepped;
    }
  }
  for (const quarter of [90, 180, 270]) {
    const turned = await attempt(`rotate-${quarter}`, await rotateGrey(image, quarter));
    if (turned) return turned;
  }
  return null;
}
