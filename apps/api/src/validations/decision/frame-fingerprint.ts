import { createHash } from 'node:crypto';
import sharp from 'sharp';

/** What is kept of a selfie frame to recognise it later: hashes, never pixels. */
export interface FrameFingerprint {
  /** SHA-256 of the bytes (hex). */
  sha256: string;
  /** 64-bit difference hash of the grey 9×8 thumbnail (hex): equal or close for the same picture re-encoded. */
  perceptualHash: string;
}

export async function fingerprintFrame(bytes: Buffer): Promise<FrameFingerprint> {
  return { sha256: createHash('sha256').update(bytes).digest('hex'), perceptualHash: await differenceHash(bytes) };
}

/** Hamming distance of two hex hashes (bits that differ); hashes of different lengths are as far apart as possible. */
export function hashDistance(a: string, b: string): number {
  if (a.length !== b.length) return Math.max(a.length, b.length) * 4;
  let bits = 0;
  for (let i = 0; i < a.length; i++) {
    let x = parseInt(a[i], 16) ^ parseInt(b[i], 16);
    for (; x; x >>= 1) bits += x & 1;
  }
  return bits;
}

async function differenceHash(bytes: Buffer): Promise<string> {
  const grey = await sharp(bytes).rotate().greyscale().resize(9, 8, { fit: 'fill' }).raw().toBuffer();
  let hex = '';
  for (let row = 0; row < 8; row++) {
    let nibble = 0;
    for (let col = 0; col < 8; col++) {
      nibble = (nibble << 1) | (grey[row * 9 + col] > grey[row * 9 + col + 1] ? 1 : 0);
      if (col % 4 === 3) {
        hex += nibble.toString(16);
        nibble = 0;
      }
    }
  }
  return hex;
}
