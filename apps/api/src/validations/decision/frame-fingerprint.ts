import { createHash } from 'node:crypto';
import { imageDifferenceHash } from '@app/face';

/** What is kept of a selfie frame to recognise it later: hashes, never pixels. */
export interface FrameFingerprint {
  /** SHA-256 of the bytes (hex). */
  sha256: string;
  /** dHash of the whole image (hex, `imageDifferenceHash`): equal or close for the same picture re-encoded. */
  perceptualHash: string;
}

export async function fingerprintFrame(bytes: Buffer): Promise<FrameFingerprint> {
  return { sha256: createHash('sha256').update(bytes).digest('hex'), perceptualHash: await imageDifferenceHash(bytes) };
}
