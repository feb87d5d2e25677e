import sharp from 'sharp';

/**
 * The ID-document simulation of the published protocol (/work/shared/faces/README.md): a small,
 * soft, washed-out, heavily compressed copy standing in for the portrait printed on an ID card.
 */
export async function degradeLikeIdDocument(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes)
    .rotate()
    .resize({ width: 320, height: 320, fit: 'inside' })
    .blur(0.7)
    .modulate({ saturation: 0.6, brightness: 1.05 })
    .jpeg({ quality: 30 })
    .toBuffer();
}
