import { fingerprintFrame, FrameFingerprint, hashDistance } from './frame-fingerprint';

/** Two pictures whose difference hashes differ by at most this many of 64 bits are the same picture re-encoded. */
const SAME_PICTURE_MAX_BITS = 4;

/**
 * Whether any selfie frame is the document image itself: the same bytes, or the same picture
 * re-encoded or rescaled (difference hashes within SAME_PICTURE_MAX_BITS).
 */
export async function matchesDocumentImage(documentBytes: Buffer, frames: readonly FrameFingerprint[]): Promise<boolean> {
  const document = await fingerprintFrame(documentBytes);
  return frames.some((frame) => frame.sha256 === document.sha256 || hashDistance(frame.perceptualHash, document.perceptualHash) <= SAME_PICTURE_MAX_BITS);
}
