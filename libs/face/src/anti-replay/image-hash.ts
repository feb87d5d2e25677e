import sharp from 'sharp';
import { differenceHash } from './perceptual-hash';

/** The thumbnail the whole-image hash is computed on: small (cheap), and a multiple of the 9x8 cells. */
const THUMB_WIDTH = 90;
const THUMB_HEIGHT = 80;

/**
 * The dHash of a whole image (EXIF orientation applied), 16 hex digits: equal or a few bits apart
 * for one picture re-encoded or rescaled, far apart for two captures of a moving scene. Unlike
 * `primary.faceHash` (the aligned face), it changes when the face comes closer or the background
 * shifts, which is what tells frames of a live capture from one picture sent several times.
 */
export async function imageDifferenceHash(bytes: Buffer): Promise<string> {
  const pixels = await sharp(bytes, { failOn: 'error' })
    .rotate()
    .removeAlpha()
    .resize(THUMB_WIDTH, THUMB_HEIGHT, { fit: 'fill' })
    .raw()
    .toBuffer();
  return differenceHash(pixels, THUMB_WIDTH, THUMB_HEIGHT);
}
