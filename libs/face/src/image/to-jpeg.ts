import sharp from 'sharp';
import { sniffImageFormat } from './image-format';

/**
 * The image as JPEG bytes, for peers that accept only JPEG (the RENAPER registry): JPEG input is
 * returned untouched; other formats are re-encoded at high quality, EXIF orientation applied.
 */
export async function toJpeg(bytes: Buffer): Promise<Buffer> {
  if (sniffImageFormat(bytes) === 'jpeg') return bytes;
  return sharp(bytes, { failOn: 'error' }).rotate().flatten({ background: '#ffffff' }).jpeg({ quality: 92 }).toBuffer();
}
